import { systemActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import { db } from "@/lib/db/client";
import { ScanJobState } from "@/lib/db/generated/client";
import { log } from "@/lib/log";
import { scheduleScanAttempt } from "@/lib/scans/schedule-scan-attempt";

/**
 * Queued scan jobs with no delivery that can still run: their claim failed at every one of
 * graphile-worker's retries (the database was away for hours), or they were queued before
 * scans had deliveries. Each gets its next attempt scheduled again (audited). Returns their ids.
 */
export async function redeliverStrandedScans(): Promise<string[]> {
  const stranded = await db().$queryRaw<{ id: string }[]>`
    SELECT s.id FROM "ScanJob" s
    WHERE s.state = ${ScanJobState.QUEUED}::"ScanJobState"
      AND NOT EXISTS (SELECT 1 FROM graphile_worker.jobs j WHERE j.key = s.id AND j.attempts < j.max_attempts)`;
  const redelivered: string[] = [];
  for (const { id } of stranded) {
    try {
      await auditedTransaction(async (tx) => {
        // Checked again under the chain's lock: a worker may have moved it on meanwhile.
        const job = await tx.scanJob.findUnique({ where: { id } });
        if (job?.state !== ScanJobState.QUEUED) return;
        await scheduleScanAttempt(tx, id, job.attempts + 1);
        await appendAuditEvent(tx, { actor: systemActor("scan-reclaimer"), action: "scan.redelivered", subjectType: "server_version", subjectId: job.versionId, data: { scanJobId: id, attempt: job.attempts + 1 } });
        redelivered.push(id);
      });
    } catch (error) {
      log.warn({ err: error, scanJobId: id }, "could not schedule a stranded scan again");
    }
  }
  return redelivered;
}

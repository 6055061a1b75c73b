import type { Actor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import type { Tx } from "@/lib/db/client";
import { type ScanJob, ScanJobState, VersionState } from "@/lib/db/generated/client";
import { SCANNER_ACTOR } from "@/lib/scans/claim-scan-job";
import { heldScanJob, type ScanLease } from "@/lib/scans/scan-lease";
import { transitionVersion } from "@/lib/versions/transition-version";

/** graphile-worker's retry delay after attempt n: e^min(n, 10) seconds. */
export const retryDelayMs = (attempt: number) => Math.round(Math.exp(Math.min(attempt, 10)) * 1000);

/**
 * Ends a running attempt that did not produce a report. With attempts left the job waits
 * `retryInMs` for its retry (QUEUED, the error kept); after the last it is DEAD and the version
 * leaves SCANNING: back to SCANNED if an earlier report awaits review, else to SUBMITTED.
 */
export async function endFailedAttempt(tx: Tx, job: ScanJob, error: string, actor: Actor, retryInMs: number) {
  const now = transactionTime(tx);
  const data = { scanJobId: job.id, attempt: job.attempts, maxAttempts: job.maxAttempts, workerId: job.lockedBy, error };
  const common = { error, lockedBy: null, leaseUntil: null };
  if (job.attempts < job.maxAttempts) {
    const runAfter = new Date(now.getTime() + retryInMs);
    await tx.scanJob.update({ where: { id: job.id }, data: { ...common, state: ScanJobState.QUEUED, runAfter, progress: { stage: "waiting", detail: `retry after attempt ${job.attempts} failed` } } });
    await appendAuditEvent(tx, { actor, action: "scan.attempt-failed", subjectType: "server_version", subjectId: job.versionId, data: { ...data, retryAfter: runAfter.toISOString() } });
    return;
  }
  await tx.scanJob.update({ where: { id: job.id }, data: { ...common, state: ScanJobState.DEAD, finishedAt: now, progress: { stage: "dead", detail: `gave up after ${job.attempts} attempts` } } });
  const reports = await tx.scanReport.count({ where: { versionId: job.versionId } });
  await transitionVersion(tx, { versionId: job.versionId, to: reports ? VersionState.SCANNED : VersionState.SUBMITTED, actor, action: "scan.failed", data });
}

/** Records that the attempt holding a scan job failed with `error` (audited). */
export async function failScanAttempt(lease: ScanLease, error: string) {
  return auditedTransaction(async (tx) => endFailedAttempt(tx, await heldScanJob(tx, lease), error, SCANNER_ACTOR, retryDelayMs(lease.attempt)));
}

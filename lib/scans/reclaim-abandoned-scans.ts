import { systemActor } from "@/lib/actor";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import { db } from "@/lib/db/client";
import { ScanJobState } from "@/lib/db/generated/client";
import { endFailedAttempt } from "@/lib/scans/fail-scan-attempt";
import { log } from "@/lib/log";

/**
 * Scans whose attempt stopped renewing its lease (the worker was killed, froze or lost the
 * database) count as failed attempts, and the next attempt is scheduled at once (the failure
 * was the worker's, not the package's). Each in its own transaction, so one that cannot be
 * ended does not hold up the rest. Returns the ids of the jobs taken over.
 */
export async function reclaimAbandonedScans(): Promise<string[]> {
  // Candidates by this host's clock; each takeover checks again by the database's.
  const expired = await db().scanJob.findMany({ where: { state: ScanJobState.RUNNING, leaseUntil: { lt: new Date() } } });
  const reclaimed: string[] = [];
  for (const job of expired) {
    const lease = { scanJobId: job.id, workerId: job.lockedBy ?? "", attempt: job.attempts };
    try {
      await auditedTransaction(async (tx) => {
        const error = `The worker running attempt ${job.attempts} (${job.lockedBy}) stopped responding.`;
        // The lease must still be expired when the takeover commits: a late renewal wins.
        await endFailedAttempt(tx, lease, error, systemActor("scan-reclaimer"), 0, { leaseUntil: { lt: transactionTime(tx) } });
      });
      reclaimed.push(job.id);
    } catch (error) {
      log.warn({ err: error, scanJobId: job.id }, "could not take over an abandoned scan");
    }
  }
  return reclaimed;
}

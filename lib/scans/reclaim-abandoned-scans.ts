import { systemActor } from "@/lib/actor";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import { ScanJobState } from "@/lib/db/generated/client";
import { endFailedAttempt } from "@/lib/scans/fail-scan-attempt";

/**
 * Scans whose worker stopped renewing its lease (killed, frozen, cut off) count as failed
 * attempts, and graphile-worker releases the workers' jobs so another worker retries them at
 * once (the failure was the worker's, not the package's) instead of after graphile-worker's own four-hour lock timeout. Returns the job ids.
 */
export async function reclaimAbandonedScans(): Promise<string[]> {
  return auditedTransaction(async (tx) => {
    const abandoned = await tx.scanJob.findMany({ where: { state: ScanJobState.RUNNING, leaseUntil: { lt: transactionTime(tx) } } });
    for (const job of abandoned) {
      await endFailedAttempt(tx, job, `The worker running attempt ${job.attempts} (${job.lockedBy}) stopped responding.`, systemActor("scan-reclaimer"), 0);
    }
    const workers = [...new Set(abandoned.map((job) => job.lockedBy).filter((id): id is string => id !== null))];
    if (workers.length) await tx.$executeRaw`SELECT graphile_worker.force_unlock_workers(${workers}::text[])`;
    return abandoned.map((job) => job.id);
  });
}

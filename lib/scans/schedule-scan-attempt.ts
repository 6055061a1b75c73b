import type { Tx } from "@/lib/db/client";

/** graphile-worker's task name for one attempt at a ScanJob. */
export const SCAN_TASK = "scan";

// graphile-worker retries a delivery only when the claim itself fails (the database was
// unreachable); a failed scan is a failed attempt, which Sigil schedules itself.
const DELIVERY_ATTEMPTS = 10;

/**
 * Schedules attempt `attempt` of a scan job, in the caller's transaction, as a graphile-worker
 * job keyed by the ScanJob: a waiting delivery is replaced, and a running one (the attempt
 * that just failed) loses its key, so each scan has one pending delivery. A delivery that turns
 * up for another attempt than the job is waiting for is ignored (see claimScanJob).
 */
export async function scheduleScanAttempt(tx: Tx, scanJobId: string, attempt: number, runAt: Date | null = null): Promise<void> {
  await tx.$executeRaw`
    SELECT graphile_worker.add_job(
      ${SCAN_TASK},
      json_build_object('scanJobId', ${scanJobId}::text, 'attempt', ${attempt}::int),
      run_at := COALESCE(${runAt}::timestamptz, now()),
      max_attempts := ${DELIVERY_ATTEMPTS}::int,
      job_key := ${scanJobId}::text
    )`;
}

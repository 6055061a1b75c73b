import { db } from "@/lib/db/client";
import type { ScanLease } from "@/lib/scans/scan-lease";

/** Where a running scan stands, shown to users: the scanner's stage and what it is doing. */
export interface ScanProgress {
  stage: string;
  detail: string;
}

/**
 * Extends the attempt's lease by `leaseMs` from the database's clock, with its latest progress.
 * A heartbeat, not a state change, so it is not audited. Returns false when the attempt no
 * longer holds the job.
 */
export async function renewScanLease(lease: ScanLease, leaseMs: number, progress?: ScanProgress): Promise<boolean> {
  const progressJson = progress ? JSON.stringify(progress) : null;
  const updated = await db().$executeRaw`
    UPDATE "ScanJob"
    SET "leaseUntil" = (now() AT TIME ZONE 'UTC') + ${leaseMs} * interval '1 millisecond',
        "progress" = COALESCE(${progressJson}::jsonb || jsonb_build_object('at', now()), "progress")
    WHERE id = ${lease.scanJobId} AND state = 'RUNNING' AND "lockedBy" = ${lease.workerId} AND attempts = ${lease.attempt}`;
  return updated === 1;
}

import type { Tx } from "@/lib/db/client";
import { ScanJobState } from "@/lib/db/generated/client";
import { conflict } from "@/lib/errors";

/**
 * One attempt's hold on a scan job: the worker that runs it and the attempt number. Every write
 * an attempt makes checks the job is still RUNNING under the same hold, so an attempt that lost
 * its lease (its worker stalled and another took over) can no longer change anything.
 */
export interface ScanLease {
  scanJobId: string;
  workerId: string;
  attempt: number;
}

export async function heldScanJob(tx: Tx, lease: ScanLease) {
  const job = await tx.scanJob.findUnique({ where: { id: lease.scanJobId } });
  if (!job || job.state !== ScanJobState.RUNNING || job.lockedBy !== lease.workerId || job.attempts !== lease.attempt) {
    throw conflict("This scan attempt no longer holds its job: it ran out of time or another worker took it over.");
  }
  return job;
}

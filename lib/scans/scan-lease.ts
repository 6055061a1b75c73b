import type { Tx } from "@/lib/db/client";
import { type Prisma, ScanJobState } from "@/lib/db/generated/client";
import { conflict } from "@/lib/errors";

/**
 * One attempt's hold on a scan job: who runs it (unique per attempt) and the attempt number.
 * Every write an attempt makes checks the job is still RUNNING under the same hold, so an
 * attempt that lost its lease (its worker stalled and the job was rescheduled) can no longer
 * change anything.
 */
export interface ScanLease {
  scanJobId: string;
  workerId: string;
  attempt: number;
}

const LOST = "This scan attempt no longer holds its job: it ran out of time or the job was rescheduled.";

const heldBy = (lease: ScanLease): Prisma.ScanJobWhereInput => ({ id: lease.scanJobId, state: ScanJobState.RUNNING, lockedBy: lease.workerId, attempts: lease.attempt });

export async function heldScanJob(tx: Tx, lease: ScanLease) {
  const job = await tx.scanJob.findFirst({ where: heldBy(lease) });
  if (!job) throw conflict(LOST);
  return job;
}

/**
 * Updates the job only if the attempt still holds it (compare-and-set: a concurrent takeover
 * or renewal cannot be overwritten), with `also` as further conditions.
 */
export async function updateHeldScanJob(tx: Tx, lease: ScanLease, data: Prisma.ScanJobUpdateManyMutationInput, also: Prisma.ScanJobWhereInput = {}) {
  const updated = await tx.scanJob.updateMany({ where: { ...heldBy(lease), ...also }, data });
  if (updated.count !== 1) throw conflict(LOST);
}

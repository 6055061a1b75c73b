import { readConfig } from "@/lib/config";
import type { Tx } from "@/lib/db/client";
import { scheduleScanAttempt } from "@/lib/scans/schedule-scan-attempt";

/**
 * Queues a scan of a version inside the caller's transaction: Sigil's ScanJob row (what users
 * see) and the delivery of its first attempt commit together or not at all, so no submission
 * is left without a scan and no scan without its submission.
 */
export async function queueScan(tx: Tx, versionId: string) {
  const job = await tx.scanJob.create({ data: { versionId, maxAttempts: readConfig().SIGIL_SCAN_MAX_ATTEMPTS } });
  await scheduleScanAttempt(tx, job.id, 1);
  return job;
}

import type { Tx } from "@/lib/db/client";
import { readConfig } from "@/lib/config";

/** graphile-worker's task name for scanning one ScanJob. */
export const SCAN_TASK = "scan";

/**
 * Queues a scan of a version inside the caller's transaction: Sigil's ScanJob row (what users
 * see) and the graphile-worker job that runs it (keyed by the ScanJob's id) commit together or
 * not at all, so no submission is left without a scan and no scan without its submission.
 */
export async function queueScan(tx: Tx, versionId: string) {
  const maxAttempts = readConfig().SIGIL_SCAN_MAX_ATTEMPTS;
  const job = await tx.scanJob.create({ data: { versionId, maxAttempts } });
  await tx.$executeRaw`SELECT graphile_worker.add_job(${SCAN_TASK}, json_build_object('scanJobId', ${job.id}::text), max_attempts := ${maxAttempts}::int, job_key := ${job.id}::text)`;
  return job;
}

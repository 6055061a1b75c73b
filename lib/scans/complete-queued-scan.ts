import { db } from "@/lib/db/client";
import { ScanJobState } from "@/lib/db/generated/client";
import { claimScanJob } from "@/lib/scans/claim-scan-job";
import { completeScanJob, type ScanResultInput } from "@/lib/scans/complete-scan-job";
import { conflict, notFound } from "@/lib/errors";

/**
 * Records a scan made outside the job queue (the demo's placeholders, tests) for a version's
 * queued scan job, through the same claim and completion a worker uses. The queue's own copy
 * of the job later finds it finished and does nothing.
 */
export async function completeQueuedScan(versionId: string, result: ScanResultInput, workerId: string) {
  const job = await db().scanJob.findFirst({ where: { versionId, state: ScanJobState.QUEUED }, orderBy: { createdAt: "asc" } });
  if (!job) throw notFound("This version has no queued scan.");
  const lease = { scanJobId: job.id, workerId, attempt: job.attempts + 1 };
  if (!(await claimScanJob({ ...lease, leaseMs: 60_000 }))) throw conflict("This version's scan job could not be claimed; its version can no longer be scanned.");
  return completeScanJob(lease, result);
}

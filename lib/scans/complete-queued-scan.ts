import { db } from "@/lib/db/client";
import { ScanJobState } from "@/lib/db/generated/client";
import { runScannerProcess } from "@/lib/jobs/run-scanner-process";
import { type ClaimedScan, claimScanJob } from "@/lib/scans/claim-scan-job";
import { completeScanJob, type ScanResultInput } from "@/lib/scans/complete-scan-job";
import type { ScanLease } from "@/lib/scans/scan-lease";
import { scanResultFromReport } from "@/lib/scans/scan-result-from-report";
import { conflict, notFound } from "@/lib/errors";

/**
 * Claims a version's queued scan job outside the job queue, through the same claim a worker
 * makes. The queue's own copy of the job later finds it taken and does nothing.
 */
async function claimQueuedScan(versionId: string, workerId: string): Promise<{ lease: ScanLease; claimed: ClaimedScan }> {
  const job = await db().scanJob.findFirst({ where: { versionId, state: ScanJobState.QUEUED }, orderBy: { createdAt: "asc" } });
  if (!job) throw notFound("This version has no queued scan.");
  const lease = { scanJobId: job.id, workerId, attempt: job.attempts + 1 };
  const claimed = await claimScanJob({ ...lease, leaseMs: 60_000 });
  if (!claimed) throw conflict("This version's scan job could not be claimed; its version can no longer be scanned.");
  return { lease, claimed };
}

/** Records a scan result made elsewhere (tests' fixture scans) for a version's queued scan job, as a worker completes one. */
export async function completeQueuedScan(versionId: string, result: ScanResultInput, workerId: string) {
  const { lease } = await claimQueuedScan(versionId, workerId);
  return completeScanJob(lease, result);
}

/**
 * Runs a version's queued scan now, in a scanner process as a worker would, and records it
 * (the demo, which must not wait for workers). A scan that fails throws, and leaves the job
 * RUNNING until its lease expires and a worker takes it over.
 */
export async function scanQueuedVersionNow(versionId: string, workerId: string, timeoutMs = 120_000) {
  const { lease, claimed } = await claimQueuedScan(versionId, workerId);
  const report = await runScannerProcess({
    packageSpec: claimed.packageSpec,
    serverJson: claimed.serverJson,
    baselineReport: claimed.baselineReport,
    timeoutMs,
    signal: new AbortController().signal,
    onProgress: () => undefined,
  });
  return completeScanJob(lease, scanResultFromReport(report));
}

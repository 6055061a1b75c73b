import { run, type Task } from "graphile-worker";
import { z } from "zod";
import type { SigilConfig } from "@/lib/config";
import { graphileLogger } from "@/lib/jobs/graphile-logger";
import { runScannerProcess, ScanAttemptError } from "@/lib/jobs/run-scanner-process";
import { log } from "@/lib/log";
import { claimScanJob } from "@/lib/scans/claim-scan-job";
import { completeScanJob } from "@/lib/scans/complete-scan-job";
import { failScanAttempt } from "@/lib/scans/fail-scan-attempt";
import { SCAN_TASK } from "@/lib/scans/queue-scan";
import { reclaimAbandonedScans } from "@/lib/scans/reclaim-abandoned-scans";
import { renewScanLease } from "@/lib/scans/renew-scan-lease";
import { scanResultFromReport } from "@/lib/scans/scan-result-from-report";
import type { ScanLease } from "@/lib/scans/scan-lease";

export interface ScanWorkerSettings {
  databaseUrl: string;
  concurrency: number;
  timeoutMs: number;
  leaseMs: number;
  /** How often to look for new jobs when no notification arrives (retries that came due). */
  pollIntervalMs?: number;
}

export const scanWorkerSettings = (config: SigilConfig, databaseUrl: string): ScanWorkerSettings => ({
  databaseUrl,
  concurrency: config.SIGIL_WORKER_CONCURRENCY,
  timeoutMs: config.SIGIL_SCAN_TIMEOUT_SECONDS * 1000,
  leaseMs: config.SIGIL_SCAN_LEASE_SECONDS * 1000,
});

const payloadShape = z.object({ scanJobId: z.string().min(1) });
const LOST_LEASE = "This worker lost its hold on the scan (its lease expired); another worker retries it.";

function scanTask(settings: ScanWorkerSettings): Task {
  return async (payload, helpers) => {
    const lease: ScanLease = { scanJobId: payloadShape.parse(payload).scanJobId, workerId: helpers.job.locked_by!, attempt: helpers.job.attempts };
    const claimed = await claimScanJob({ ...lease, leaseMs: settings.leaseMs });
    if (!claimed) return;
    const stop = new AbortController();
    const onShutdown = () => stop.abort("The worker was shut down during the scan.");
    helpers.abortSignal?.addEventListener("abort", onShutdown, { once: true });
    let latest: { stage: string; detail: string } | undefined;
    const renew = async () => {
      if (!(await renewScanLease(lease, settings.leaseMs, latest).catch(() => true))) stop.abort(LOST_LEASE);
    };
    const heartbeat = setInterval(() => void renew(), Math.max(500, settings.leaseMs / 3));
    let lastWrite = 0;
    try {
      const report = await runScannerProcess({
        packageSpec: claimed.packageSpec,
        serverJson: claimed.serverJson,
        baselineReport: claimed.baselineReport,
        timeoutMs: settings.timeoutMs,
        signal: stop.signal,
        onProgress: (progress) => {
          latest = progress;
          // Users see the stage change; per-file detail need not reach the database every time.
          if (Date.now() - lastWrite > 1000 || progress.stage !== "analysing") {
            lastWrite = Date.now();
            void renew();
          }
        },
      });
      await completeScanJob(lease, scanResultFromReport(report));
      log.info({ scanJobId: lease.scanJobId, versionId: claimed.versionId, attempt: lease.attempt }, `scanned ${claimed.packageSpec}`);
    } catch (error) {
      const message = error instanceof ScanAttemptError || error instanceof Error ? error.message : String(error);
      log.warn({ scanJobId: lease.scanJobId, attempt: lease.attempt, error: message }, `scan of ${claimed.packageSpec} failed`);
      if (stop.signal.reason !== LOST_LEASE) await failScanAttempt(lease, message).catch((e: unknown) => log.warn({ err: e }, "could not record the failed attempt"));
      throw error;
    } finally {
      clearInterval(heartbeat);
      helpers.abortSignal?.removeEventListener("abort", onShutdown);
    }
  };
}

/**
 * Scan workers on the PostgreSQL job queue (graphile-worker): `concurrency` scans at a time,
 * each in its own scanner process, plus a periodic takeover of scans whose worker died.
 * Any number of processes may run these against one database.
 */
export async function startScanWorkers(settings: ScanWorkerSettings) {
  const runner = await run({
    connectionString: settings.databaseUrl,
    concurrency: settings.concurrency,
    noHandleSignals: true,
    pollInterval: settings.pollIntervalMs ?? 2000,
    logger: graphileLogger,
    taskList: { [SCAN_TASK]: scanTask(settings) },
  });
  const reclaim = async () => {
    const reclaimed = await reclaimAbandonedScans().catch((error: unknown) => (log.warn({ err: error }, "could not check for abandoned scans"), []));
    if (reclaimed.length) log.warn({ scanJobIds: reclaimed }, `took over ${reclaimed.length} scan(s) whose worker stopped responding`);
  };
  const sweeper = setInterval(() => void reclaim(), Math.max(1000, settings.leaseMs / 2));
  void reclaim();
  return {
    /** Finishes or abandons the running scans (each counts as a failed attempt) and stops. */
    async stop() {
      clearInterval(sweeper);
      await runner.stop();
    },
  };
}

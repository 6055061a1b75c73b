import crypto from "node:crypto";
import { run, type Task } from "graphile-worker";
import { z } from "zod";
import type { SigilConfig } from "@/lib/config";
import { graphileLogger } from "@/lib/jobs/graphile-logger";
import { runScannerProcess } from "@/lib/jobs/run-scanner-process";
import { log } from "@/lib/log";
import { claimScanJob } from "@/lib/scans/claim-scan-job";
import { completeScanJob } from "@/lib/scans/complete-scan-job";
import { failScanAttempt, releaseScanAttempt } from "@/lib/scans/fail-scan-attempt";
import { reclaimAbandonedScans } from "@/lib/scans/reclaim-abandoned-scans";
import { redeliverStrandedScans } from "@/lib/scans/redeliver-stranded-scans";
import { publishApprovedVersions } from "@/lib/versions/publish-approved-versions";
import { renewScanLease, type ScanProgress } from "@/lib/scans/renew-scan-lease";
import { scanResultFromReport } from "@/lib/scans/scan-result-from-report";
import type { ScanLease } from "@/lib/scans/scan-lease";
import { SCAN_TASK } from "@/lib/scans/schedule-scan-attempt";

export interface ScanWorkerSettings {
  databaseUrl: string;
  concurrency: number;
  timeoutMs: number;
  leaseMs: number;
  /** How often to look for new jobs when no notification arrives (retries that came due). */
  pollIntervalMs?: number;
}

const LOST_LEASE = "This worker lost its hold on the scan (its lease expired); another attempt was scheduled.";
const SHUTDOWN = "The worker shut down during the scan; the attempt was given back.";

export const scanWorkerSettings = (config: SigilConfig, databaseUrl: string): ScanWorkerSettings => ({
  databaseUrl,
  concurrency: config.SIGIL_WORKER_CONCURRENCY,
  timeoutMs: config.SIGIL_SCAN_TIMEOUT_SECONDS * 1000,
  leaseMs: config.SIGIL_SCAN_LEASE_SECONDS * 1000,
});

const payloadShape = z.object({ scanJobId: z.string().min(1), attempt: z.number().int().min(1) });

function scanTask(settings: ScanWorkerSettings): Task {
  return async (payload, helpers) => {
    const { scanJobId, attempt } = payloadShape.parse(payload);
    // graphile-worker's locked_by names the worker pool (one per process); an attempt needs its own.
    const lease: ScanLease = { scanJobId, workerId: `${helpers.job.locked_by}/${crypto.randomUUID().slice(0, 8)}`, attempt };
    // A claim that throws (the database is unreachable) fails the delivery, which graphile-worker retries.
    const claimed = await claimScanJob({ ...lease, leaseMs: settings.leaseMs });
    if (!claimed) return;
    const stop = new AbortController();
    const onShutdown = () => stop.abort(SHUTDOWN);
    helpers.abortSignal?.addEventListener("abort", onShutdown, { once: true });
    let latest: ScanProgress | undefined;
    const renew = async () => {
      if (!(await renewScanLease(lease, settings.leaseMs, latest).catch(() => true))) stop.abort(LOST_LEASE);
    };
    const heartbeat = setInterval(() => void renew(), Math.max(500, settings.leaseMs / 3));
    let lastWrite = 0;
    const context = { scanJobId, attempt, versionId: claimed.versionId, workerId: lease.workerId };
    try {
      const report = await runScannerProcess({
        packageSpec: claimed.packageSpec,
        serverJson: claimed.serverJson,
        baselineReport: claimed.baselineReport,
        timeoutMs: settings.timeoutMs,
        signal: stop.signal,
        onProgress: (progress) => {
          const newStage = progress.stage !== latest?.stage;
          latest = progress;
          // Users see each stage change; per-package detail need not reach the database every time.
          if (newStage || Date.now() - lastWrite > 1000) {
            lastWrite = Date.now();
            void renew();
          }
        },
      });
      await completeScanJob(lease, scanResultFromReport(report));
      log.info(context, `scanned ${claimed.packageSpec}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A lost lease was already ended by whoever took the job over; there is nothing to record.
      if (stop.signal.reason === LOST_LEASE) return log.warn(context, `abandoned the scan of ${claimed.packageSpec}: ${LOST_LEASE}`);
      if (stop.signal.reason === SHUTDOWN) return void (await releaseScanAttempt(lease, SHUTDOWN));
      log.warn({ ...context, error: message }, `scan of ${claimed.packageSpec} failed`);
      // If this cannot be recorded either, the lease runs out and the job is taken over.
      await failScanAttempt(lease, message);
    } finally {
      clearInterval(heartbeat);
      helpers.abortSignal?.removeEventListener("abort", onShutdown);
    }
  };
}

/**
 * Scan workers on the PostgreSQL job queue (graphile-worker): `concurrency` scans at a time,
 * each in its own scanner process, plus a periodic sweep that takes over scans whose worker
 * died and publishes approved versions still waiting (a freeze lifted, a publisher that died).
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
    const redelivered = await redeliverStrandedScans().catch((error: unknown) => (log.warn({ err: error }, "could not check for stranded scans"), []));
    if (redelivered.length) log.warn({ scanJobIds: redelivered }, `scheduled ${redelivered.length} queued scan(s) that had no delivery`);
    const published = await publishApprovedVersions().catch((error: unknown) => (log.warn({ err: error }, "could not publish waiting approved versions"), []));
    if (published.length) log.info({ versionIds: published }, `published ${published.length} approved version(s) that were waiting`);
  };
  // One sweep at a time (publishing may take longer than the interval), and stopping waits for it:
  // a sweep must not outlive the workers (and their database) it belongs to.
  let sweeping: Promise<void> | undefined;
  const sweep = () => {
    sweeping ??= reclaim().finally(() => {
      sweeping = undefined;
    });
  };
  const sweeper = setInterval(sweep, Math.max(1000, settings.leaseMs / 2));
  sweep();
  return {
    /** Lets running scans finish for a few seconds, gives back those that do not, and stops. */
    async stop() {
      clearInterval(sweeper);
      await runner.stop();
      await sweeping;
    },
  };
}

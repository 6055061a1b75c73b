import { systemActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import type { Tx } from "@/lib/db/client";
import { type Prisma, ScanJobState, VersionState } from "@/lib/db/generated/client";
import { findBaselineReport } from "@/lib/scans/find-baseline-report";
import type { ScanLease } from "@/lib/scans/scan-lease";
import { transitionVersion } from "@/lib/versions/transition-version";

/** What a worker needs to scan a claimed job: the pinned package, its server.json, and a baseline. */
export interface ClaimedScan {
  versionId: string;
  /** `name@exact-version` of the npm package. */
  packageSpec: string;
  serverJson: Prisma.JsonValue;
  /** The scan report of the last approved version of the same server, to diff against. */
  baselineReport: Prisma.JsonValue | null;
}

export const SCANNER_ACTOR = systemActor("scanner");

/** Versions that can be scanned: newly submitted, awaiting review (a rescan), or between attempts. */
const SCANNABLE: VersionState[] = [VersionState.SUBMITTED, VersionState.SCANNED, VersionState.SCANNING];

async function giveUp(tx: Tx, jobId: string, versionId: string, error: string) {
  await tx.scanJob.update({ where: { id: jobId }, data: { state: ScanJobState.DEAD, error, finishedAt: transactionTime(tx) } });
  await appendAuditEvent(tx, { actor: SCANNER_ACTOR, action: "scan.failed", subjectType: "server_version", subjectId: versionId, data: { scanJobId: jobId, error } });
}

/**
 * Starts an attempt at a queued scan job: RUNNING under the attempt's lease, and the version
 * SCANNING (audited). Returns null when there is nothing to do: the delivery is stale (the job
 * is not waiting for this attempt: it finished, is running, or was rescheduled), or the job can
 * never run (the version was withdrawn, or has no npm package) and is now dead with the reason.
 */
export async function claimScanJob(lease: ScanLease & { leaseMs: number }): Promise<ClaimedScan | null> {
  return auditedTransaction(async (tx) => {
    const job = await tx.scanJob.findUnique({ where: { id: lease.scanJobId }, include: { version: true } });
    if (!job || job.state !== ScanJobState.QUEUED || job.attempts !== lease.attempt - 1) return null;
    const { version } = job;
    if (!SCANNABLE.includes(version.state)) {
      await giveUp(tx, job.id, version.id, `The version is ${version.state.toLowerCase()}; there is nothing to scan.`);
      return null;
    }
    if (version.packageRegistry !== "npm" || !version.packageIdentifier || !version.packageVersion) {
      await giveUp(tx, job.id, version.id, "This version has no npm package; Sigil scans npm packages.");
      return null;
    }
    const now = transactionTime(tx);
    await tx.scanJob.update({
      where: { id: job.id },
      data: {
        state: ScanJobState.RUNNING,
        lockedBy: lease.workerId,
        attempts: lease.attempt,
        leaseUntil: new Date(now.getTime() + lease.leaseMs),
        startedAt: job.startedAt ?? now,
        progress: { stage: "starting", detail: `attempt ${lease.attempt} of ${job.maxAttempts}` },
      },
    });
    const data = { scanJobId: job.id, attempt: lease.attempt, workerId: lease.workerId };
    if (version.state === VersionState.SCANNING) {
      await appendAuditEvent(tx, { actor: SCANNER_ACTOR, action: "scan.started", subjectType: "server_version", subjectId: version.id, data });
    } else {
      await transitionVersion(tx, { versionId: version.id, to: VersionState.SCANNING, actor: SCANNER_ACTOR, action: "scan.started", data });
    }
    return {
      versionId: version.id,
      packageSpec: `${version.packageIdentifier}@${version.packageVersion}`,
      serverJson: version.serverJson,
      baselineReport: await findBaselineReport(tx, version.serverId, version.id),
    };
  });
}

import type { Actor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import type { Tx } from "@/lib/db/client";
import { type Prisma, ScanJobState, VersionState } from "@/lib/db/generated/client";
import { SCANNER_ACTOR } from "@/lib/scans/claim-scan-job";
import { heldScanJob, type ScanLease, updateHeldScanJob } from "@/lib/scans/scan-lease";
import { scheduleScanAttempt } from "@/lib/scans/schedule-scan-attempt";
import { transitionVersion } from "@/lib/versions/transition-version";

/** The wait before attempt n + 1: e^n seconds (3 s, 7 s, 20 s, 55 s, ...), at most e^10 (6 hours). */
export const retryDelayMs = (attempt: number) => Math.round(Math.exp(Math.min(attempt, 10)) * 1000);

/**
 * Ends a running attempt that did not produce a report. With attempts left the job waits
 * `retryInMs` for its next attempt (QUEUED, the error kept); after the last it is DEAD and the
 * version leaves SCANNING: back to SCANNED if an earlier report awaits review, else to
 * SUBMITTED. `also` adds conditions to the compare-and-set on the lease.
 */
export async function endFailedAttempt(tx: Tx, lease: ScanLease, error: string, actor: Actor, retryInMs: number, also: Prisma.ScanJobWhereInput = {}) {
  const job = await heldScanJob(tx, lease);
  const now = transactionTime(tx);
  const data = { scanJobId: job.id, attempt: job.attempts, maxAttempts: job.maxAttempts, workerId: job.lockedBy, error };
  const common = { error, lockedBy: null, leaseUntil: null };
  if (job.attempts < job.maxAttempts) {
    const runAfter = new Date(now.getTime() + retryInMs);
    await updateHeldScanJob(tx, lease, { ...common, state: ScanJobState.QUEUED, runAfter, progress: { stage: "waiting", detail: `attempt ${job.attempts} failed; retrying` } }, also);
    await scheduleScanAttempt(tx, job.id, job.attempts + 1, runAfter);
    await appendAuditEvent(tx, { actor, action: "scan.attempt-failed", subjectType: "server_version", subjectId: job.versionId, data: { ...data, retryAfter: runAfter.toISOString() } });
    return;
  }
  await updateHeldScanJob(tx, lease, { ...common, state: ScanJobState.DEAD, finishedAt: now, progress: { stage: "dead", detail: `gave up after ${job.attempts} attempts` } }, also);
  const reports = await tx.scanReport.count({ where: { versionId: job.versionId } });
  await transitionVersion(tx, { versionId: job.versionId, to: reports ? VersionState.SCANNED : VersionState.SUBMITTED, actor, action: "scan.failed", data });
}

/** Records that an attempt failed with `error` (audited); the job retries after a backoff. */
export async function failScanAttempt(lease: ScanLease, error: string) {
  return auditedTransaction((tx) => endFailedAttempt(tx, lease, error, SCANNER_ACTOR, retryDelayMs(lease.attempt)));
}

/**
 * Gives an attempt back without counting it, for a worker that shuts down mid-scan (a deploy,
 * say): the job is queued again at once for the same attempt number (audited).
 */
export async function releaseScanAttempt(lease: ScanLease, reason: string) {
  return auditedTransaction(async (tx) => {
    const job = await heldScanJob(tx, lease);
    await updateHeldScanJob(tx, lease, { state: ScanJobState.QUEUED, attempts: lease.attempt - 1, lockedBy: null, leaseUntil: null, runAfter: transactionTime(tx), progress: { stage: "waiting", detail: reason } });
    await scheduleScanAttempt(tx, job.id, lease.attempt);
    await appendAuditEvent(tx, { actor: SCANNER_ACTOR, action: "scan.released", subjectType: "server_version", subjectId: job.versionId, data: { scanJobId: job.id, attempt: lease.attempt, workerId: lease.workerId, reason } });
  });
}

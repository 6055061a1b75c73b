import type { Actor } from "@/lib/actor";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import { type Prisma, ScanJobState, type Severity, type Verdict, VersionState } from "@/lib/db/generated/client";
import { conflict } from "@/lib/errors";
import { canonicalDigest } from "@/lib/validation/canonical-digest";
import { transitionVersion } from "@/lib/versions/transition-version";

export interface ScanFindingInput {
  ruleId: string;
  category: string;
  severity: Severity;
  message: string;
  file?: string;
  line?: number;
  snippet?: string;
  viaDependency?: string;
}

export interface ScanResultInput {
  scannerVersion: string;
  verdict: Verdict;
  summary: Prisma.InputJsonObject;
  report: Prisma.InputJsonObject;
  findings: ScanFindingInput[];
  integrity?: string;
  sha256?: string;
  tarballSize?: number;
}

/** Takes the version's oldest queued scan job: SUBMITTED → SCANNING. */
export async function startScan(versionId: string, actor: Actor) {
  return auditedTransaction(async (tx) => {
    const job = await tx.scanJob.findFirst({ where: { versionId, state: ScanJobState.QUEUED }, orderBy: { createdAt: "asc" } });
    if (!job) throw conflict("This version has no queued scan.");
    await tx.scanJob.update({
      where: { id: job.id },
      data: { state: ScanJobState.RUNNING, startedAt: transactionTime(tx), attempts: { increment: 1 } },
    });
    await transitionVersion(tx, { versionId, to: VersionState.SCANNING, actor, action: "scan.started", data: { scanJobId: job.id } });
    return job;
  });
}

/** Stores a finished scan of a SCANNING version with its findings: SCANNING → SCANNED. */
export async function recordScanReport(versionId: string, result: ScanResultInput, actor: Actor) {
  return auditedTransaction(async (tx) => {
    const job = await tx.scanJob.findFirst({ where: { versionId, state: ScanJobState.RUNNING }, orderBy: { createdAt: "desc" } });
    if (!job) throw conflict("This version has no running scan.");
    const contentDigest = canonicalDigest(result.report);
    const report = await tx.scanReport.create({
      data: {
        versionId,
        jobId: job.id,
        scannerVersion: result.scannerVersion,
        verdict: result.verdict,
        summary: result.summary,
        report: result.report,
        contentDigest,
        findings: { create: result.findings },
      },
    });
    await tx.scanJob.update({ where: { id: job.id }, data: { state: ScanJobState.SUCCEEDED, finishedAt: transactionTime(tx) } });
    await transitionVersion(tx, {
      versionId,
      to: VersionState.SCANNED,
      actor,
      action: "scan.completed",
      data: { scanReportId: report.id, verdict: result.verdict, contentDigest, findings: result.findings.length },
      set: { integrity: result.integrity, sha256: result.sha256, tarballSize: result.tarballSize },
    });
    return report;
  });
}

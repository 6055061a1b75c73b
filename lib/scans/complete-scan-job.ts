import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import { type Prisma, ScanJobState, type Severity, type Verdict, VersionState } from "@/lib/db/generated/client";
import { SCANNER_ACTOR } from "@/lib/scans/claim-scan-job";
import { heldScanJob, type ScanLease, updateHeldScanJob } from "@/lib/scans/scan-lease";
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

/**
 * Stores the finished scan of a job the attempt still holds, with its findings: the job
 * SUCCEEDED, the version SCANNED and pinned to the scanned tarball's digests (audited).
 */
export async function completeScanJob(lease: ScanLease, result: ScanResultInput) {
  return auditedTransaction(async (tx) => {
    const job = await heldScanJob(tx, lease);
    const contentDigest = canonicalDigest(result.report);
    const report = await tx.scanReport.create({
      data: {
        versionId: job.versionId,
        jobId: job.id,
        scannerVersion: result.scannerVersion,
        verdict: result.verdict,
        summary: result.summary,
        report: result.report,
        contentDigest,
        findings: { create: result.findings },
      },
    });
    await updateHeldScanJob(tx, lease, { state: ScanJobState.SUCCEEDED, finishedAt: transactionTime(tx), leaseUntil: null, error: null, progress: { stage: "done", detail: result.verdict.toLowerCase() } });
    await transitionVersion(tx, {
      versionId: job.versionId,
      to: VersionState.SCANNED,
      actor: SCANNER_ACTOR,
      action: "scan.completed",
      data: { scanJobId: job.id, attempt: lease.attempt, scanReportId: report.id, verdict: result.verdict, contentDigest, findings: result.findings.length },
      set: { integrity: result.integrity, sha256: result.sha256, tarballSize: result.tarballSize },
    });
    return report;
  });
}

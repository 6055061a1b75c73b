import crypto from "node:crypto";
import ssri from "ssri";
import { db } from "@/lib/db/client";
import { ReviewDecision, type Verdict } from "@/lib/db/generated/client";
import type { ScanFindingInput, ScanResultInput } from "@/lib/scans/complete-scan-job";
import { completeQueuedScan } from "@/lib/scans/complete-queued-scan";
import { reviewVersion } from "@/lib/versions/review-version";

/**
 * Stand-in tarball bytes for a version whose package is never fetched (tests of the lifecycle,
 * the read API, the audit log): what a publication signs must have digests, so each version
 * gets bytes of its own.
 */
export function fixtureTarball(versionId: string) {
  const bytes = Buffer.from(`fixture tarball for ${versionId}`);
  return { bytes, integrity: ssri.fromData(bytes, { algorithms: ["sha512"] }).toString(), sha256: crypto.createHash("sha256").update(bytes).digest("hex"), size: bytes.length };
}

/** A recorded scan of the version's fixture tarball, as a worker would store it. */
export function fixtureScan(versionId: string, scan: { verdict: Verdict; findings: ScanFindingInput[] } = { verdict: "PASS", findings: [] }): ScanResultInput {
  const tarball = fixtureTarball(versionId);
  return {
    scannerVersion: "test-fixture",
    verdict: scan.verdict,
    summary: { findings: scan.findings.length },
    report: {
      scanner: { name: "test-fixture", version: "1" },
      target: { integrity: tarball.integrity, sha256: tarball.sha256, size: tarball.size },
      verdict: scan.verdict.toLowerCase(),
      findings: scan.findings.map((f) => ({ rule: f.ruleId, category: f.category, severity: f.severity.toLowerCase(), file: f.file ?? "", line: f.line ?? 0, message: f.message, evidence: f.snippet ?? "" })),
    },
    findings: scan.findings,
    integrity: tarball.integrity,
    sha256: tarball.sha256,
    tarballSize: tarball.size,
  };
}

/**
 * Takes a submitted version through the steps a real one goes through, with the domain
 * functions: its scan recorded, an approval by someone other than the submitter, and the
 * signed publication that approval triggers.
 */
export async function publishThroughReview(versionId: string, reviewerId: string, scan?: { verdict: Verdict; findings: ScanFindingInput[] }) {
  await completeQueuedScan(versionId, fixtureScan(versionId, scan), "test-scanner");
  await reviewVersion({ versionId, reviewerId, decision: ReviewDecision.APPROVE, reason: "Reviewed the test scan report; nothing undeclared." });
  return db().serverVersion.findUniqueOrThrow({ where: { id: versionId } });
}

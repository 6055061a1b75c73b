import { systemActor } from "@/lib/actor";
import { type Verdict, ReviewDecision } from "@/lib/db/generated/client";
import { publishVersion } from "@/lib/versions/publish-version";
import { recordScanReport, type ScanFindingInput, startScan } from "@/lib/versions/record-scan-report";
import { reviewVersion } from "@/lib/versions/review-version";

// Stands in for the scanner until it exists: the report says plainly that no scan ran.
const DEMO_SCANNER = "demo-fixture (no scan ran)";

/**
 * Takes a submitted version through the same steps a real one goes through (scan recorded,
 * review by someone other than the submitter, publication), using only the domain functions.
 */
export async function publishThroughReview(
  versionId: string,
  reviewerId: string,
  scan: { verdict: Verdict; findings: ScanFindingInput[] } = { verdict: "PASS", findings: [] },
) {
  const scanner = systemActor("demo-scanner");
  await startScan(versionId, scanner);
  await recordScanReport(
    versionId,
    {
      scannerVersion: DEMO_SCANNER,
      verdict: scan.verdict,
      summary: { findings: scan.findings.length, note: "Demo data: findings are illustrative; no package was fetched or analysed." },
      report: { scanner: DEMO_SCANNER, verdict: scan.verdict, findings: scan.findings.map((f) => ({ ...f })) },
      findings: scan.findings,
    },
    scanner,
  );
  await reviewVersion({ versionId, reviewerId, decision: ReviewDecision.APPROVE, reason: "Reviewed the demo scan report; nothing undeclared." });
  return publishVersion(versionId, systemActor("publisher"));
}

import { systemActor } from "@/lib/actor";
import { ReviewDecision, type Verdict } from "@/lib/db/generated/client";
import type { ScanFindingInput } from "@/lib/scans/complete-scan-job";
import { completeQueuedScan } from "@/lib/scans/complete-queued-scan";
import { publishVersion } from "@/lib/versions/publish-version";
import { reviewVersion } from "@/lib/versions/review-version";

// The demo's servers name real npm packages, which an offline demo cannot fetch: their
// reports say plainly that no scan ran.
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
  await completeQueuedScan(versionId, {
    scannerVersion: DEMO_SCANNER,
    verdict: scan.verdict,
    summary: { findings: scan.findings.length, note: "Demo data: findings are illustrative; no package was fetched or analysed." },
    report: { scanner: DEMO_SCANNER, verdict: scan.verdict, findings: scan.findings.map((f) => ({ ...f })) },
    findings: scan.findings,
  }, "demo-scanner");
  await reviewVersion({ versionId, reviewerId, decision: ReviewDecision.APPROVE, reason: "Reviewed the demo scan report; nothing undeclared." });
  return publishVersion(versionId, systemActor("publisher"));
}

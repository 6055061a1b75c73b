import type { Tx } from "@/lib/db/client";
import { ReviewDecision, VersionState } from "@/lib/db/generated/client";
import { scanReportShape } from "@/scanner/report/scan-report-shape";

/**
 * The scan report reviewers approved for the server's most recently approved version (other
 * than `exceptVersionId`): what a new version is compared with. Null for a first version.
 */
export async function findBaselineReport(tx: Tx, serverId: string, exceptVersionId: string) {
  const approved = await tx.serverVersion.findFirst({
    where: { serverId, id: { not: exceptVersionId }, state: { in: [VersionState.APPROVED, VersionState.PUBLISHED] } },
    orderBy: [{ statusChangedAt: "desc" }, { id: "desc" }],
    include: { reviews: { where: { decision: ReviewDecision.APPROVE }, orderBy: { createdAt: "desc" }, take: 1, include: { scanReport: true } } },
  });
  const report = approved?.reviews[0]?.scanReport.report;
  // Reports written by the scanner itself (not demo placeholders) can serve as a baseline.
  return report !== undefined && scanReportShape.safeParse(report).success ? report : null;
}

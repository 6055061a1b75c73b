import { z } from "zod";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import { userActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { ReviewDecision, Role, Verdict, VersionState } from "@/lib/db/generated/client";
import { conflict, forbidden, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";
import { publishAfterApproval } from "@/lib/versions/publish-approved-versions";
import { transitionVersion } from "@/lib/versions/transition-version";

const reviewInput = z.object({
  versionId: z.string().min(1),
  reviewerId: z.string().min(1),
  decision: z.enum(ReviewDecision),
  reason: z.string().trim().min(3, "a reason is required").max(5000),
  /** An admin approving a failing scan on their own authority; `reason` is the justification. */
  override: z.boolean().default(false),
});

/**
 * A reviewer approves or rejects a scanned version. Nobody reviews their own submission. A
 * version whose scan failed needs two approvals by different reviewers, or one admin override.
 * The approval that completes them publishes the version (signed) at once.
 */
export async function reviewVersion(input: z.input<typeof reviewInput>) {
  const { versionId, reviewerId, decision, reason, override } = parseInput(reviewInput, input, "review");
  const { review, approved } = await auditedTransaction(async (tx) => {
    const reviewer = await tx.user.findUnique({ where: { id: reviewerId } });
    if (!reviewer || reviewer.disabledAt) throw notFound("The reviewing user does not exist.");
    if (!reviewer.roles.includes(Role.REVIEWER) && !reviewer.roles.includes(Role.ADMIN)) {
      throw forbidden("Only reviewers can review submissions.");
    }
    if (override && !reviewer.roles.includes(Role.ADMIN)) throw forbidden("Only admins can override a failing scan.");
    const version = await tx.serverVersion.findUnique({
      where: { id: versionId },
      include: {
        scanReports: { orderBy: { createdAt: "desc" }, take: 1, include: { reviews: true } },
        server: { include: { namespace: { include: { owners: { where: { userId: reviewerId } } } } } },
      },
    });
    if (!version) throw notFound(`Server version ${versionId} does not exist.`);
    if (version.submittedById === reviewerId) throw forbidden("You cannot review your own submission.");
    // A co-owner could submit through a second account: owners never review their namespace.
    if (version.server.namespace.owners.length) throw forbidden("You own this server's namespace, so another reviewer must review it.");
    if (version.state !== VersionState.SCANNED) throw conflict(`Only scanned versions can be reviewed; this one is ${version.state}.`);
    const report = version.scanReports[0];
    if (!report) throw conflict("This version has no scan report.");
    // Only reviews of the current report count: a rescan may have changed what there is to judge.
    if (report.reviews.some((r) => r.reviewerId === reviewerId)) throw conflict("You have already reviewed this scan report.");
    const verdict = report.verdict;

    const review = await tx.review.create({ data: { versionId, scanReportId: report.id, reviewerId, decision, reason, override } });
    const approvals = report.reviews.filter((r) => r.decision === ReviewDecision.APPROVE).length + (decision === ReviewDecision.APPROVE ? 1 : 0);
    const approvalsNeeded = verdict === Verdict.FAIL && !override ? 2 : 1;
    const actor = userActor(reviewerId);
    const data = { reviewId: review.id, scanReportId: report.id, decision, reason, override, verdict, approvals, approvalsNeeded };
    if (decision === ReviewDecision.REJECT) {
      await transitionVersion(tx, { versionId, to: VersionState.REJECTED, actor, action: "version.rejected", data });
    } else if (approvals >= approvalsNeeded) {
      await transitionVersion(tx, { versionId, to: VersionState.APPROVED, actor, action: "version.approved", data });
      return { review, approved: true };
    } else {
      await appendAuditEvent(tx, { actor, action: "version.approval_recorded", subjectType: "server_version", subjectId: versionId, data });
    }
    return { review, approved: false };
  });
  if (approved) await publishAfterApproval(versionId);
  return review;
}

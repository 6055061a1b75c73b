import { displayName } from "@/lib/users/display-name";
import type { findSubmission } from "@/lib/versions/find-submission";
import type { SubmissionSummaryRow } from "@/lib/versions/list-submissions";

type Submission = Awaited<ReturnType<typeof findSubmission>>;

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

function scanJobResponse(job: Submission["scanJobs"][number] | undefined) {
  if (!job) return null;
  return { id: job.id, state: job.state, attempts: job.attempts, maxAttempts: job.maxAttempts, progress: job.progress, error: job.error, queuedAt: iso(job.createdAt), startedAt: iso(job.startedAt), finishedAt: iso(job.finishedAt) };
}

const userResponse = (user: { id: string; name: string | null; githubLogin?: string | null }) => ({ id: user.id, name: displayName(user) });

/** What a submission and a line of a list of them both say. */
const submissionHead = (version: Submission | SubmissionSummaryRow) => ({
  id: version.id,
  name: version.serverName,
  version: version.version,
  state: version.state,
  submittedAt: iso(version.submittedAt),
  submittedBy: userResponse(version.submittedBy),
  scan: scanJobResponse(version.scanJobs[0]),
});

/** A submission as the API answers it: the latest scan job and every report, newest first. */
export function toSubmissionResponse(version: Submission) {
  return {
    ...submissionHead(version),
    package: version.packageIdentifier ? { registryType: version.packageRegistry, identifier: version.packageIdentifier, version: version.packageVersion, integrity: version.integrity, sha256: version.sha256 } : null,
    serverJson: version.serverJson,
    reports: version.scanReports.map((report) => ({
      id: report.id,
      verdict: report.verdict,
      scannerVersion: report.scannerVersion,
      createdAt: iso(report.createdAt),
      contentDigest: report.contentDigest,
      summary: report.summary,
      findings: report.findings.map(({ id: _id, reportId: _reportId, ...finding }) => finding),
    })),
    reviews: version.reviews.map((review) => ({ id: review.id, reviewer: userResponse(review.reviewer), decision: review.decision, reason: review.reason, override: review.override, scanReportId: review.scanReportId, createdAt: iso(review.createdAt) })),
  };
}

/** A line of a list of submissions: the latest scan's state and verdict. */
export function toSubmissionSummary(version: SubmissionSummaryRow) {
  const report = version.scanReports[0];
  return {
    ...submissionHead(version),
    verdict: report?.verdict ?? null,
    reportedAt: iso(report?.createdAt),
  };
}

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-access";
import { Role, VersionState } from "@/lib/db/generated/client";
import { SigilError } from "@/lib/errors";
import { displayName } from "@/lib/users/display-name";
import { findSubmission } from "@/lib/versions/find-submission";
import type { ScanReport } from "@/scanner/report/scan-report";
import { formatTime } from "../../components/format";
import { StateBadge, VerdictBadge } from "../../components/state-badge";
import { FindingsSection } from "./findings-section";
import { BaselineSection, DependenciesSection, PermissionsSection, ToolsSection } from "./report-sections";
import { ScanProgress } from "./scan-progress";
import { RescanForm, ReviewForm, WithdrawForm } from "./submission-actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Submission" };

const WITHDRAWABLE: VersionState[] = [VersionState.SUBMITTED, VersionState.SCANNING, VersionState.SCANNED];

export default async function SubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser(`/submissions/${id}`);
  const submission = await findSubmission(id, { user }).catch((error: unknown) => {
    if (error instanceof SigilError && error.status === 404) notFound();
    throw error;
  });
  const job = submission.scanJobs[0];
  const report = submission.scanReports[0];
  const document = report?.report as ScanReport | undefined;
  const isReviewer = user.roles.includes(Role.REVIEWER) || user.roles.includes(Role.ADMIN);
  const ownSubmission = submission.submittedById === user.id;
  const reviewedCurrent = submission.reviews.some((r) => r.reviewerId === user.id && r.scanReportId === report?.id);
  const scanBusy = job?.state === "QUEUED" || job?.state === "RUNNING";

  return (
    <article aria-labelledby="submission-title">
      <div className="page-head">
        <h1 id="submission-title">
          {submission.serverName} <code className="version">{submission.version}</code>
        </h1>
        <StateBadge state={submission.state} />
      </div>
      <dl className="facts">
        <div>
          <dt>Submitted</dt>
          <dd>
            {formatTime(submission.submittedAt)} by {displayName(submission.submittedBy)}
          </dd>
        </div>
        {submission.packageIdentifier && (
          <div>
            <dt>Package</dt>
            <dd>
              <code>{`${submission.packageIdentifier}@${submission.packageVersion}`}</code>
            </dd>
          </div>
        )}
        {submission.integrity && (
          <div>
            <dt>Pinned</dt>
            <dd>
              <code>{submission.integrity}</code>
            </dd>
          </div>
        )}
      </dl>

      {job && (
        <ScanProgress
          key={job.id}
          submissionId={submission.id}
          initial={{ state: job.state, attempts: job.attempts, maxAttempts: job.maxAttempts, progress: job.progress as { stage?: string; detail?: string } | null, error: job.error }}
        />
      )}

      <div className="actions-row">
        {ownSubmission && WITHDRAWABLE.includes(submission.state) && <WithdrawForm submissionId={submission.id} />}
        {isReviewer && !scanBusy && (submission.state === VersionState.SCANNED || submission.state === VersionState.SUBMITTED) && <RescanForm submissionId={submission.id} />}
      </div>

      {report && document ? (
        <>
          <section aria-labelledby="verdict-title" className="report-section">
            <h2 id="verdict-title">
              Scan report <VerdictBadge verdict={report.verdict} />
            </h2>
            <p className="hint">
              {formatTime(report.createdAt)} · scanner {report.scannerVersion} · {document.summary.files} files, {document.summary.analysedFiles} analysed · report digest <code>{report.contentDigest.slice(0, 16)}…</code>
            </p>
          </section>
          <BaselineSection baseline={document.baseline} />
          <FindingsSection findings={report.findings} />
          <PermissionsSection permissions={document.permissions} />
          <ToolsSection tools={document.tools} />
          <DependenciesSection dependencies={document.dependencies} />
        </>
      ) : (
        <p className="empty">No scan report yet.</p>
      )}

      <section aria-labelledby="reviews-title" className="report-section">
        <h2 id="reviews-title">Reviews</h2>
        {submission.reviews.length === 0 ? (
          <p className="hint">No reviews yet.</p>
        ) : (
          <ul className="reviews">
            {submission.reviews.map((review) => (
              <li key={review.id}>
                <strong>{review.decision === "APPROVE" ? (review.override ? "Approved (admin override)" : "Approved") : "Rejected"}</strong> by {displayName(review.reviewer)} on{" "}
                {formatTime(review.createdAt)}
                {review.scanReportId !== report?.id && <span className="hint"> (of an earlier report)</span>}
                <p className="review-reason">{review.reason}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      {isReviewer && submission.state === VersionState.SCANNED && report && !ownSubmission && !reviewedCurrent && (
        <ReviewForm submissionId={submission.id} failing={report.verdict === "FAIL"} canOverride={user.roles.includes(Role.ADMIN)} />
      )}
      {isReviewer && ownSubmission && submission.state === VersionState.SCANNED && <p className="hint">You submitted this version, so another reviewer must review it.</p>}

      {submission.scanReports.length > 1 && (
        <section aria-labelledby="history-title" className="report-section">
          <h2 id="history-title">Earlier reports</h2>
          <ul>
            {submission.scanReports.slice(1).map((older) => (
              <li key={older.id}>
                {formatTime(older.createdAt)}: <VerdictBadge verdict={older.verdict} /> ({older.findings.length} findings)
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}

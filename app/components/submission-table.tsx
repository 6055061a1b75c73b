import Link from "next/link";
import { displayName } from "@/lib/users/display-name";
import type { SubmissionSummaryRow } from "@/lib/versions/list-submissions";
import { formatTime } from "./format";
import { StateBadge, VerdictBadge } from "./state-badge";

/** What the latest scan job is doing, in words. */
export function scanStatusText(job: SubmissionSummaryRow["scanJobs"][number] | undefined): string {
  if (!job) return "—";
  if (job.state === "QUEUED") return job.attempts ? `Queued again (attempt ${job.attempts + 1} of ${job.maxAttempts})` : "Queued";
  if (job.state === "RUNNING") {
    const progress = job.progress as { stage?: string; detail?: string } | null;
    return progress?.stage ? `Running: ${progress.stage}${progress.detail ? `, ${progress.detail}` : ""}` : "Running";
  }
  if (job.state === "DEAD") return `Failed: ${job.error ?? "unknown error"}`;
  return "Done";
}

/** Submissions in a table: server, version, state, scan, verdict, time; `showSubmitter` for queues. */
export function SubmissionTable({ rows, caption, showSubmitter = false }: { rows: SubmissionSummaryRow[]; caption: string; showSubmitter?: boolean }) {
  return (
    <div className="table-wrap">
      <table className="data">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Server</th>
            <th scope="col">Version</th>
            <th scope="col">State</th>
            <th scope="col">Scan</th>
            {showSubmitter && <th scope="col">Submitted by</th>}
            <th scope="col">Submitted</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>
                <Link href={`/submissions/${row.id}`}>{row.serverName}</Link>
              </td>
              <td>
                <code>{row.version}</code>
              </td>
              <td>
                <StateBadge state={row.state} />
              </td>
              <td>
                <VerdictBadge verdict={row.scanReports[0]?.verdict ?? null} />
                <div className="hint">{scanStatusText(row.scanJobs[0])}</div>
              </td>
              {showSubmitter && <td>{displayName(row.submittedBy)}</td>}
              <td>{formatTime(row.submittedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

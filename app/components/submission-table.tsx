import Link from "next/link";
import { displayName } from "@/lib/users/display-name";
import type { SubmissionSummaryRow } from "@/lib/versions/list-submissions";
import { formatTime } from "./format";
import { StateBadge, VerdictBadge } from "./state-badge";
import { DataTable } from "./data-table";

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
    <DataTable caption={caption} columns={["Server", "Version", "State", "Scan", ...(showSubmitter ? ["Submitted by"] : []), "Submitted"]}>
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
        </DataTable>
  );
}

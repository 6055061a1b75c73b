import type { VersionState } from "@/lib/db/generated/client";

const LABELS: Record<VersionState, string> = {
  SUBMITTED: "Waiting for scan",
  SCANNING: "Scanning",
  SCANNED: "Waiting for review",
  APPROVED: "Approved",
  REJECTED: "Rejected",
  PUBLISHED: "Published",
  REVOKED: "Revoked",
  WITHDRAWN: "Withdrawn",
};

/** A submission's state in words, with a colour by kind (the words carry the meaning on their own). */
export function StateBadge({ state }: { state: VersionState }) {
  return <span className={`badge state-${state.toLowerCase()}`}>{LABELS[state]}</span>;
}

const VERDICT_LABELS = { PASS: "Pass", WARN: "Warn", FAIL: "Fail" } as const;

export function VerdictBadge({ verdict }: { verdict: keyof typeof VERDICT_LABELS | null }) {
  if (!verdict) return <span className="badge verdict-none">No report yet</span>;
  return <span className={`badge verdict-${verdict.toLowerCase()}`}>Scan: {VERDICT_LABELS[verdict]}</span>;
}

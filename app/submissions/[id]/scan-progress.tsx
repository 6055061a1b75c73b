"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

interface ScanState {
  state: string;
  attempts: number;
  maxAttempts: number;
  progress: { stage?: string; detail?: string } | null;
  error: string | null;
}

const STAGES: Record<string, string> = {
  fetching: "Fetching the tarball",
  reading: "Reading the package",
  extracting: "Unpacking it safely",
  analysing: "Analysing its code",
  auditing: "Auditing its dependencies",
  done: "Finishing",
};

function describe(scan: ScanState): string {
  if (scan.state === "QUEUED") return scan.attempts ? `Waiting to retry (attempt ${scan.attempts + 1} of ${scan.maxAttempts}). Last error: ${scan.error ?? "none"}` : "Queued: a scanner will pick it up shortly.";
  if (scan.state === "RUNNING") {
    const stage = scan.progress?.stage ? (STAGES[scan.progress.stage] ?? scan.progress.stage) : "Starting";
    return `${stage}${scan.progress?.detail ? ` (${scan.progress.detail})` : ""}…`;
  }
  return scan.state === "DEAD" ? `The scan failed: ${scan.error ?? "unknown error"}` : "Scan finished.";
}

/** Live progress of a queued or running scan; reloads the page's data when the scan ends. */
export function ScanProgress({ submissionId, initial }: { submissionId: string; initial: ScanState }) {
  const router = useRouter();
  const [scan, setScan] = useState(initial);
  const active = scan.state === "QUEUED" || scan.state === "RUNNING";

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(async () => {
      const response = await fetch(`/api/v1/submissions/${submissionId}`, { cache: "no-store" }).catch(() => undefined);
      if (!response?.ok) return;
      const next = ((await response.json()) as { scan: ScanState | null }).scan;
      if (!next) return;
      setScan(next);
      if (next.state !== "QUEUED" && next.state !== "RUNNING") router.refresh();
    }, 2000);
    return () => clearInterval(timer);
  }, [active, submissionId, router]);

  return (
    <div className={`panel scan-progress${active ? " active" : ""}`} role="status" aria-live="polite">
      {active && <span className="spinner" aria-hidden="true" />}
      <span>{describe(scan)}</span>
    </div>
  );
}

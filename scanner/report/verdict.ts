import type { ScanFinding, Severity } from "@/scanner/rules/rule";

export type Verdict = "pass" | "warn" | "fail";

export const SEVERITIES: Severity[] = ["critical", "high", "medium", "low", "info"];

/** fail with any high or critical finding, warn with any medium, else pass. */
export function verdictOf(findings: ScanFinding[]): Verdict {
  if (findings.some((f) => f.severity === "critical" || f.severity === "high")) return "fail";
  if (findings.some((f) => f.severity === "medium")) return "warn";
  return "pass";
}

/** Most severe first, then by file and line. */
export function sortFindings(findings: ScanFinding[]): ScanFinding[] {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  return [...findings].sort((a, b) => rank(a.severity) - rank(b.severity) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line);
}

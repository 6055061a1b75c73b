import type { Permissions } from "@/lib/validation/permissions";
import type { ReportedTool } from "@/scanner/analysis/analyze-source";
import type { BaselineDiff } from "@/scanner/baseline/diff-against-baseline";
import type { DependencyReport } from "@/scanner/dependencies/audit-dependencies";
import type { Verdict } from "@/scanner/report/verdict";
import type { ScanFinding } from "@/scanner/rules/rule";

/** The scan report: stable, because the registry, reviewers and clients read it. */
export interface ScanReport {
  scanner: { name: "sigil-scanner"; version: string };
  target: { name: string; version: string; integrity: string | null; sha256: string | null; size: number | null };
  verdict: Verdict;
  summary: {
    bySeverity: Record<string, number>;
    byCategory: Record<string, number>;
    files: number;
    analysedFiles: number;
    bytes: number;
  };
  findings: ScanFinding[];
  permissions: { declared: Permissions | null; detected: Permissions };
  /** The MCP tools the package's code defines, each with a hash of name, description and schema. */
  tools: ReportedTool[];
  dependencies: DependencyReport;
  /** What changed since the baseline version, when one was given. */
  baseline?: BaselineDiff;
  durationMs: number;
}

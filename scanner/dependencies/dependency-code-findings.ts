import { SEVERITIES } from "@/scanner/report/verdict";
import type { DependencyCodeSummary } from "@/scanner/dependencies/audit-dependencies";
import type { ScanFinding, Severity } from "@/scanner/rules/rule";

const CEILING: Severity = "low";

/**
 * What a dependency's code does, as the package's findings: one per rule (where it first
 * occurs, with a count), marked `viaDependency`, and at most low, since a dependency's
 * capabilities do not fail the package on their own. The message keeps what the severity would
 * have been in the package's own code, for the reviewer.
 */
export function dependencyCodeFindings(dependency: string, findings: ScanFinding[], pathPrefix = ""): ScanFinding[] {
  const byRule = new Map<string, { first: ScanFinding; count: number; worst: Severity }>();
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  for (const finding of findings) {
    const seen = byRule.get(finding.rule);
    if (!seen) byRule.set(finding.rule, { first: finding, count: 1, worst: finding.severity });
    else {
      seen.count++;
      if (rank(finding.severity) < rank(seen.worst)) seen.worst = finding.severity;
    }
  }
  return [...byRule.values()].map(({ first, count, worst }) => {
    const capped = rank(worst) < rank(CEILING);
    const notes = [count > 1 ? `${count} places` : "", capped ? `${worst} in the package's own code` : ""].filter(Boolean).join("; ");
    return {
      ...first,
      file: `${pathPrefix}${first.file}`,
      severity: capped ? CEILING : worst,
      message: `Via dependency ${dependency}: ${first.message}${notes ? ` (${notes})` : ""}`,
      viaDependency: dependency,
    };
  });
}

/** Dependencies whose code was not analysed: low, since unanalysed code may do anything. */
export function notAnalysedDependencyFindings(summary: DependencyCodeSummary): ScanFinding[] {
  if (summary.notAnalysed.length === 0) return [];
  const names = summary.notAnalysed.map((d) => `${d.name}@${d.version}`);
  return [{
    rule: "not-analysed",
    category: "archive",
    severity: CEILING,
    file: "package.json",
    line: 0,
    message: `The code of ${names.length} dependenc${names.length === 1 ? "y" : "ies"} could not be analysed (the report lists why): ${names.slice(0, 5).join(", ")}${names.length > 5 ? ", ..." : ""}`,
    evidence: names.slice(0, 20).join(", "),
  }];
}

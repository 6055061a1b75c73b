import type { Log, ReportingDescriptor, Result } from "sarif";
import type { ScanReport } from "@/scanner/report/scan-report";
import type { Severity } from "@/scanner/rules/rule";

const LEVEL: Record<Severity, Result.level> = { critical: "error", high: "error", medium: "warning", low: "note", info: "note" };
// Code-scanning tools sort by this 0–10 score.
const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0", info: "0.0" };

/** The report as SARIF 2.1.0, for code-scanning tools: one run, one result per finding. */
export function toSarif(report: ScanReport): Log {
  const rules = new Map<string, ReportingDescriptor>();
  const results: Result[] = report.findings.map((finding) => {
    if (!rules.has(finding.rule)) {
      rules.set(finding.rule, {
        id: finding.rule,
        name: finding.rule,
        shortDescription: { text: `Sigil ${finding.category} finding` },
        properties: { category: finding.category, tags: ["security", finding.category] },
      });
    }
    return {
      ruleId: finding.rule,
      level: LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: finding.file },
            // SARIF lines start at 1; a finding about the whole file has no region.
            ...(finding.line > 0 ? { region: { startLine: finding.line, snippet: { text: finding.evidence } } } : {}),
          },
        },
      ],
      properties: { severity: finding.severity, category: finding.category, "security-severity": SECURITY_SEVERITY[finding.severity] },
    };
  });
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: report.scanner.name, version: report.scanner.version, rules: [...rules.values()] } },
        results,
        properties: { verdict: report.verdict, target: report.target },
      },
    ],
  };
}

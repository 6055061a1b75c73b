import type { ScanFinding, TextRule } from "@/scanner/rules/rule";

/** Runs the text rules that apply to one file. */
export function analyzeText(file: string, text: string, rules: TextRule[]): ScanFinding[] {
  const findings: ScanFinding[] = [];
  for (const rule of rules) {
    if (!rule.appliesTo(file)) continue;
    rule.check(file, text, (line, { severity, message, evidence }) => findings.push({ rule: rule.id, category: rule.category, severity, file, line, message, evidence }));
  }
  return findings;
}

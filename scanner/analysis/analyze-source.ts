import { LineIndex } from "@/scanner/analysis/line-index";
import { moduleBindings } from "@/scanner/analysis/module-bindings";
import { parseSource } from "@/scanner/analysis/parse-source";
import { StaticValues } from "@/scanner/analysis/static-value";
import type { Capability, CodeRule, ScanFinding } from "@/scanner/rules/rule";

export interface SourceAnalysis {
  findings: ScanFinding[];
  capabilities: Capability[];
  parseErrors: string[];
}

/** Parses one file once and runs every code rule over its AST. */
export function analyzeSource(file: string, text: string, rules: CodeRule[]): SourceAnalysis {
  const { program, errors } = parseSource(file, text);
  const lines = new LineIndex(text);
  const findings: ScanFinding[] = [];
  const capabilities: Capability[] = [];
  const bindings = moduleBindings(program);
  const shared = { file, program, values: new StaticValues(program, bindings), bindings, lines };
  for (const rule of rules) {
    rule.check({
      ...shared,
      report(node, { severity, message, capability }) {
        const line = lines.lineOf(node.start);
        const evidence = lines.snippet(node.start, node.end);
        findings.push({ rule: rule.id, category: rule.category, severity, file, line, message, evidence });
        if (capability) capabilities.push({ ...capability, file, line, evidence });
      },
    });
  }
  return { findings, capabilities, parseErrors: errors };
}

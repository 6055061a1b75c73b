import { walk } from "@/scanner/analysis/ast";
import { LineIndex } from "@/scanner/analysis/line-index";
import { extractTools, type ToolDefinition } from "@/scanner/analysis/mcp-tools";
import { moduleBindings } from "@/scanner/analysis/module-bindings";
import { parseSource } from "@/scanner/analysis/parse-source";
import { StaticValues } from "@/scanner/analysis/static-value";
import type { Capability, CodeRule, ScanFinding } from "@/scanner/rules/rule";

/** A tool as the report lists it. */
export type ReportedTool = Omit<ToolDefinition, "node">;

export interface SourceAnalysis {
  findings: ScanFinding[];
  capabilities: Capability[];
  tools: ReportedTool[];
  parseErrors: string[];
}

/** Parses one file once and runs every code rule over its AST. */
export function analyzeSource(file: string, text: string, rules: CodeRule[]): SourceAnalysis {
  const { program, errors } = parseSource(file, text);
  const lines = new LineIndex(text);
  const findings: ScanFinding[] = [];
  const capabilities: Capability[] = [];
  const bindings = moduleBindings(program);
  const values = new StaticValues(program, bindings);
  const tools = extractTools(program, values, file, (offset) => lines.lineOf(offset), text);
  const shared = { file, program, values, bindings, lines, tools };
  const visitors = rules.map((rule) =>
    rule.visitor({
      ...shared,
      report(node, { severity, message, capability }) {
        const line = lines.lineOf(node.start);
        const evidence = lines.snippet(node.start, node.end);
        findings.push({ rule: rule.id, category: rule.category, severity, file, line, message, evidence });
        if (capability) capabilities.push({ ...capability, file, line, evidence });
      },
    }),
  );
  const visiting = visitors.filter((v) => v.node);
  walk(program, (node, parent) => {
    for (const visitor of visiting) visitor.node!(node, parent);
  });
  for (const visitor of visitors) visitor.end?.();
  return { findings, capabilities, tools: tools.map(({ node: _node, ...tool }) => tool), parseErrors: errors };
}

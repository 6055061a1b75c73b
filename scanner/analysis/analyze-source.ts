import { type Node, walk } from "@/scanner/analysis/ast";
import { LineIndex } from "@/scanner/analysis/line-index";
import { extractTools, isToolSite, type ToolDefinition } from "@/scanner/analysis/mcp-tools";
import { isDeclaration, moduleBindings } from "@/scanner/analysis/module-bindings";
import { parseSource } from "@/scanner/analysis/parse-source";
import { StaticValues } from "@/scanner/analysis/static-value";
import type { Capability, CodeRule, RuleVisitor, ScanFinding } from "@/scanner/rules/rule";

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
  // A walk over a bundle's AST costs a third of parsing it, so there is one: it gathers the few
  // nodes the pre-passes read and, in walk order with their parents, the nodes the rules visit.
  const declarations: Node[] = [];
  const toolSites: Node[] = [];
  const wanted = new Set(rules.flatMap((rule) => rule.types));
  const visited: Node[] = [];
  const visitedParents: (Node | undefined)[] = [];
  walk(program, (node, parent) => {
    if (isDeclaration(node)) declarations.push(node);
    else if (isToolSite(node)) toolSites.push(node);
    if (wanted.has(node.type)) {
      visited.push(node);
      visitedParents.push(parent);
    }
  });
  const bindings = moduleBindings(declarations);
  const values = new StaticValues(declarations, bindings);
  const tools = extractTools(toolSites, values, file, (offset) => lines.lineOf(offset), text);
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
  // Each node goes only to the rules that visit its type, still in rule order.
  const byType = new Map<string, RuleVisitor[]>();
  const visitorsOf = (type: string) => {
    let list = byType.get(type);
    if (!list) byType.set(type, (list = visitors.filter((visitor, i) => visitor.node && rules[i]!.types.includes(type))));
    return list;
  };
  for (let i = 0; i < visited.length; i++) {
    const node = visited[i]!;
    for (const visitor of visitorsOf(node.type)) visitor.node!(node, visitedParents[i]);
  }
  for (const visitor of visitors) visitor.end?.();
  return { findings, capabilities, tools: tools.map(({ node: _node, ...tool }) => tool), parseErrors: errors };
}

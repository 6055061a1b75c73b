import type { Node } from "@/scanner/analysis/ast";
import { EnvironmentNames } from "@/scanner/analysis/environment";
import { escapedModules, mayLoad } from "@/scanner/analysis/escaped-modules";
import { exportedReadings } from "@/scanner/analysis/exported-readings";
import { fileExports } from "@/scanner/analysis/handed-on";
import { indexIdentifiers } from "@/scanner/analysis/identifier-index";
import { LineIndex } from "@/scanner/analysis/line-index";
import { extractTools, isToolSite, type ToolDefinition } from "@/scanner/analysis/mcp-tools";
import { speltSpecifiers } from "@/scanner/analysis/spelt-specifier";
import { isStaticLoad, ownLoads } from "@/scanner/analysis/static-loads";
import { isDeclaration, moduleBindings } from "@/scanner/analysis/module-bindings";
import { useIdentifierOffsets } from "@/scanner/analysis/name-uses";
import { isNameWrite } from "@/scanner/analysis/name-writes";
import { type OwnFileExports, ownFileExports } from "@/scanner/analysis/own-file-exports";
import { type OwnFileWrite, ownFileWrites } from "@/scanner/analysis/own-file-writes";
import type { ResolvedSpecifier } from "@/scanner/analysis/resolve-own-file";
import { parseSource } from "@/scanner/analysis/parse-source";
import { StaticValues } from "@/scanner/analysis/static-value";
import type { WebpackBundles, WebpackExternals } from "@/scanner/analysis/webpack-bundle";
import type { Capability, CodeRule, RuleVisitor, ScanFinding } from "@/scanner/rules/rule";

/** A tool as the report lists it. */
export type ReportedTool = Omit<ToolDefinition, "node" | "descriptions" | "unread" | "schemaRead">;

export interface SourceAnalysis {
  findings: ScanFinding[];
  capabilities: Capability[];
  tools: ReportedTool[];
  parseErrors: string[];
  /** Why the analysis of the file is incomplete, if it is. */
  incomplete?: string;
  /** The external modules the file's webpack bundles define, by id, and whether it holds chunks that may load other files' (WebpackBundles). */
  webpack: { defined: WebpackBundles["defined"]; chunks: boolean };
  /** What the file hands to the package's files that import it, if anything. */
  exports?: OwnFileExports;
  /** The specifiers of the package's own code it requires (ownLoads). */
  loads: string[];
  /** The members of the package's own files it may give other values (ownFileWrites). */
  ownFileWrites?: OwnFileWrite[];
}

/** What the package's other files tell the analysis of one of them. */
export interface PackageContext {
  /** What the package's webpack bundles define, which the file's split chunks may load (moduleBindings). */
  webpackExternals?: WebpackExternals;
  /** The package's other files, as this one names them. */
  ownFiles?: OwnFiles;
}

/** The package's own files, as one of them names them (`./shell`). */
export interface OwnFiles {
  /** The file (or, through package.json's `imports`, the module) a specifier names (resolveOwnFile). */
  resolve(specifier: string): ResolvedSpecifier | undefined;
  /** What the file hands on under a member, as far as the package's analysis knows (BoundFile.ownFileMember). */
  member(specifier: string, members: readonly string[]): string | undefined;
  /** The text the file exports under a member, as far as the package's analysis knows (BoundFile.ownFileText). */
  text(specifier: string, members: readonly string[]): string | undefined;
  /** The input schema the file exports under a member, as far as the package's analysis knows (BoundFile.ownFileSchema). */
  schema(specifier: string, members: readonly string[]): string | undefined;
  /** The member paths of this file's exports whose input schemas other files import, to read as schemas (exportedReadings). */
  wantedSchemas?: ReadonlySet<string>;
  /** Whether a package's name names the package's own code (BoundFile.ownsPackage). */
  ownsPackage(module: string): boolean;
}

type Keep = (node: Node) => boolean;

const keepAll: Keep = () => true;
const keepersByRules = new WeakMap<CodeRule[], Map<string, Keep>>();

/** For each node type some rule visits, whether a node of it is kept for the rules: when any of them keeps it. */
export function keepersOf(rules: CodeRule[]): Map<string, Keep> {
  let keepers = keepersByRules.get(rules);
  if (keepers) return keepers;
  keepers = new Map();
  for (const type of new Set(rules.flatMap((rule) => rule.types))) {
    const tests = rules.filter((rule) => rule.types.includes(type)).map((rule) => rule.keeps ?? keepAll);
    keepers.set(type, tests.includes(keepAll) ? keepAll : tests.length === 1 ? tests[0]! : (node) => tests.some((test) => test(node)));
  }
  keepersByRules.set(rules, keepers);
  return keepers;
}

const handedByRules = new WeakMap<CodeRule[], ReadonlySet<string>>();

/** The targets some rule reports the handing on of (CodeRule.handed). */
function handedTargetsOf(rules: CodeRule[]): ReadonlySet<string> {
  let handed = handedByRules.get(rules);
  if (!handed) handedByRules.set(rules, (handed = new Set(rules.flatMap((rule) => [...(rule.handed ?? [])]))));
  return handed;
}

interface Gathered {
  /** What the pre-passes read (isDeclaration, isToolSite, isStaticLoad, isNameWrite), in walk order. */
  declarations: Node[];
  writes: Node[];
  toolSites: Node[];
  loads: Node[];
  /** `import(…)` expressions, which escapedModules follows whatever rules run. */
  imports: Node[];
  /** The nodes kept for the rules, in walk order, with their parents. */
  visited: Node[];
  parents: (Node | undefined)[];
  /** Every identifier (JSX's names too), with its parent and grandparent (indexIdentifiers). */
  identifiers: Node[];
  identifierParents: Node[];
  identifierGrandparents: (Node | undefined)[];
}

/**
 * The one walk of a file's AST, in the order of ast.ts's walk (a test holds them equal). A
 * bundle's AST is mostly identifiers and literals: a leaf no pass reads is not even put on the
 * stack, which leaves out a third of the nodes of a bundle.
 */
export function gather(root: Node, keepers: Map<string, Keep>): Gathered {
  const out: Gathered = { declarations: [], writes: [], toolSites: [], loads: [], imports: [], visited: [], parents: [], identifiers: [], identifierParents: [], identifierGrandparents: [] };
  const { identifiers, identifierParents, identifierGrandparents } = out;
  const keepIdentifier = keepers.get("Identifier");
  const keepLiteral = keepers.get("Literal");
  // Literals have no child nodes, and identifiers none outside TypeScript's annotated bindings.
  const inert = (node: Node) =>
    node.type === "Literal"
      ? keepLiteral === undefined || !keepLiteral(node)
      : node.type === "Identifier" && node.typeAnnotation == null && !(node.decorators as unknown[] | undefined)?.length && (keepIdentifier === undefined || !keepIdentifier(node));
  const nodes: Node[] = [root];
  const parents: (Node | undefined)[] = [undefined];
  // Each child node of `node` (whose parent is `parent`): an identifier listed, and what is not inert walked.
  const reach = (child: Node, node: Node, parent: Node | undefined) => {
    if (child.type === "Identifier" || child.type === "JSXIdentifier") {
      identifiers.push(child);
      identifierParents.push(node);
      identifierGrandparents.push(parent);
    }
    if (!inert(child)) {
      nodes.push(child);
      parents.push(node);
    }
  };
  while (nodes.length) {
    const node = nodes.pop()!;
    const parent = parents.pop();
    if (isDeclaration(node)) out.declarations.push(node);
    else if (isToolSite(node)) out.toolSites.push(node);
    else if (isStaticLoad(node)) out.loads.push(node);
    else if (node.type === "ImportExpression") out.imports.push(node);
    if (isNameWrite(node)) out.writes.push(node);
    const keep = keepers.get(node.type);
    if (keep !== undefined && keep(node)) {
      out.visited.push(node);
      out.parents.push(parent);
    }
    for (const key in node) {
      const value = node[key] as { type?: unknown } | { type?: unknown }[] | null;
      if (value === null || typeof value !== "object") continue;
      if (Array.isArray(value)) {
        for (const item of value) if (item !== null && typeof item === "object" && typeof item.type === "string") reach(item as Node, node, parent);
      } else if (typeof value.type === "string") reach(value as Node, node, parent);
    }
  }
  return out;
}

/** Parses one file once and runs every code rule over its AST, knowing what the package's other files tell it (PackageContext). */
export function analyzeSource(file: string, text: string, rules: CodeRule[], { webpackExternals, ownFiles }: PackageContext = {}): SourceAnalysis {
  const { program, errors, comments } = parseSource(file, text);
  const lines = new LineIndex(text);
  const findings: ScanFinding[] = [];
  const capabilities: Capability[] = [];
  // A walk over a bundle's AST costs a third of parsing it, so there is one: it gathers the few
  // nodes the pre-passes read and, in walk order with their parents, the nodes the rules visit.
  const { declarations, writes, toolSites, loads, imports, visited, parents: visitedParents, ...names } = gather(program, keepersOf(rules));
  const identifiers = indexIdentifiers(names.identifiers, names.identifierParents, names.identifierGrandparents);
  // Until the file's analysis ends, searches for a name's uses in its text read its identifiers.
  useIdentifierOffsets({ source: text, offsetsOf: identifiers.offsetsOf });
  try {
    const speltSpecifier = speltSpecifiers(declarations, writes, identifiers, { program, source: text });
    const bindings = moduleBindings(declarations, ownFiles ? { program, source: text, ownFileMember: ownFiles.member, ownFileText: ownFiles.text, ownFileSchema: ownFiles.schema, ownsPackage: ownFiles.ownsPackage, speltSpecifier } : { program, source: text, speltSpecifier }, webpackExternals);
    const environment = new EnvironmentNames(declarations, writes, bindings, identifiers);
    const values = new StaticValues(declarations, writes, bindings, identifiers, environment);
    const { tools, incomplete: toolsIncomplete } = extractTools(program, toolSites, declarations, values, identifiers, file, (offset) => lines.lineOf(offset), text);
    const exported = fileExports(program, bindings);
    const escaped = escapedModules(bindings.file, bindings, identifiers, imports.concat(visited.filter((node) => node.type === "CallExpression" && mayLoad(node, bindings))), handedTargetsOf(rules), new Set(exported.handed.map((handed) => handed.node)));
    const shared = { file, source: text, comments, program, values, bindings, lines, tools, identifiers, environment, handedOn: exported.handed, escaped };
    // One finding per node and message: a call handing on two names for the environment
    // (`JSON.stringify([e, f])`) is one finding, not two alike.
    const reported = new Set<string>();
    const visitors = rules.map((rule) =>
      rule.visitor({
        ...shared,
        report(node, { severity, message, capability }) {
          const key = `${rule.id} ${node.start} ${node.end} ${message}`;
          if (reported.has(key)) return;
          reported.add(key);
          const line = lines.lineOf(node.start);
          const evidence = lines.snippet(node.start, node.end);
          findings.push({ rule: rule.id, category: rule.category, severity, file, line, message, evidence });
          for (const each of capability === undefined ? [] : Array.isArray(capability) ? capability : [capability]) capabilities.push({ ...each, file, line, evidence });
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
    const webpack = { defined: bindings.webpack.defined, chunks: bindings.webpack.chunk !== undefined };
    const analysis: SourceAnalysis = { findings, capabilities, tools: tools.map(({ node: _node, descriptions: _descriptions, unread: _unread, schemaRead: _schemaRead, ...tool }) => tool), parseErrors: errors, webpack, loads: ownLoads(loads) };
    const exports = ownFiles && ownFileExports(exported, ownFiles.resolve, exportedReadings(program, text, values, identifiers, ownFiles.wantedSchemas));
    if (exports) analysis.exports = exports;
    const written = ownFiles && ownFileWrites(bindings, identifiers);
    if (written?.length) analysis.ownFileWrites = written;
    if (bindings.unsettled) analysis.incomplete = "names bound through one another (`const b = a.default`, over and over) did not settle, so modules reached through them may be missed";
    else if (toolsIncomplete) analysis.incomplete = toolsIncomplete;
    return analysis;
  } finally {
    useIdentifierOffsets(undefined);
  }
}

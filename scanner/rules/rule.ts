import type { Node } from "@/scanner/analysis/ast";
import type { EnvironmentNames } from "@/scanner/analysis/environment";
import type { EscapedModule } from "@/scanner/analysis/escaped-modules";
import type { HandedOn } from "@/scanner/analysis/handed-on";
import type { IdentifierIndex } from "@/scanner/analysis/identifier-index";
import type { ToolDefinition } from "@/scanner/analysis/mcp-tools";
import type { LineIndex } from "@/scanner/analysis/line-index";
import type { Span } from "@/scanner/analysis/parse-source";
import type { Bindings } from "@/scanner/analysis/module-bindings";
import type { StaticValues } from "@/scanner/analysis/static-value";

export type Severity = "info" | "low" | "medium" | "high" | "critical";

/** Every finding category, in the order reports and pages list them. */
export const CATEGORIES = [
  "network",
  "filesystem",
  "exec",
  "env",
  "dynamic-code",
  "obfuscation",
  "install-script",
  "secret",
  "tool-poisoning",
  "hidden-unicode",
  "undeclared-permission",
  "vulnerable-dependency",
  "typosquat",
  "changed-since-baseline",
  "audit-unavailable",
  "archive",
  "metadata",
] as const;

export type Category = (typeof CATEGORIES)[number];

/** One finding of the report: what, where (file:line), how bad, and the code that shows it. */
export interface ScanFinding {
  rule: string;
  category: Category;
  severity: Severity;
  file: string;
  line: number;
  message: string;
  evidence: string;
  /** `name@version` of the dependency whose code this is, when it is not the package's own. */
  viaDependency?: string;
}

/** What code can do, in the terms of the permission manifest, with where it does it. */
export type CapabilityKind = "network" | "listen" | "read" | "write" | "exec" | "env";

export interface Capability {
  kind: CapabilityKind;
  /** Host, path, command or variable, when it can be worked out. */
  value?: string;
  file: string;
  line: number;
  evidence: string;
}

/** A capability as a code rule reports it: where it is comes from the node reported. */
export type CodeCapability = Pick<Capability, "kind" | "value">;

export interface SourceContext {
  file: string;
  /** The file's text, which the AST's offsets index. */
  source: string;
  /** Where the file's comments are. */
  comments: Span[];
  program: Node;
  values: StaticValues;
  bindings: Bindings;
  lines: LineIndex;
  /** The file's identifiers by name (escapes decoded), with the nodes above them. */
  identifiers: IdentifierIndex;
  /** The MCP tools the file defines. */
  tools: ToolDefinition[];
  /** The environment under every name the file gives it. */
  environment: EnvironmentNames;
  /** The modules and module functions the file hands to the files that import it. */
  handedOn: HandedOn[];
  /** The modules and module functions of the rules' `handed` targets that the file puts where the analysis does not follow them (escapedModules). */
  escaped: EscapedModule[];
  /** Records a finding at `node`; with `capability`, also what the code can do there (several things, for a command line that runs several programs). */
  report(node: Node, finding: { severity: Severity; message: string; capability?: CodeCapability | CodeCapability[] }): void;
}

/** What a code rule does during the one walk of a file's AST, and after it. */
export interface RuleVisitor {
  node?(node: Node, parent: Node | undefined): void;
  end?(): void;
}

/**
 * A rule over one parsed source file. One rule per file under scanner/rules/. Rules do not walk
 * the AST themselves: all of them visit it in one shared walk.
 */
export interface CodeRule {
  id: string;
  category: Category;
  /**
   * The node types its visitor's `node` is called for (none for a rule that only reads the
   * file's tools at `end`). The one walk keeps just the nodes some rule asked for.
   */
  types: readonly string[];
  /**
   * A cheap test the walk runs on each node of those types before keeping it for the rule; a
   * node it refuses must be one the rule's `node` would do nothing with. Bundles hold hundreds
   * of thousands of identifiers, literals and member expressions, nearly all of no interest.
   */
  keeps?(node: Node): boolean;
  /** The modules and module functions (handedTargets) whose handing on, to other files or to code the analysis does not follow, the rule reports (reportHandedOn). */
  handed?: ReadonlySet<string>;
  visitor(context: SourceContext): RuleVisitor;
}

/**
 * A file as a text rule reads it: its bytes, and its text (UTF-8), decoded when first read. Most
 * text files of a package (source maps above all) are only searched for a few ASCII markers,
 * which their bytes answer without decoding megabytes.
 */
export interface FileContent {
  bytes: Uint8Array;
  readonly text: string;
}

/** A rule over the text of any file (secrets, manifests), not its AST. One rule per file. */
export interface TextRule {
  id: string;
  category: Category;
  /** Which files it reads, by path relative to the package root. */
  appliesTo(file: string): boolean;
  check(file: string, content: FileContent, report: (line: number, finding: { severity: Severity; message: string; evidence: string }) => void): void;
}

import { isEnvironment, isProcess, keyName, type Node, propertyName, unwrap } from "@/scanner/analysis/ast";
import type { IdentifierIndex, IdentifierUse } from "@/scanner/analysis/identifier-index";
import { type Bindings, calleeTarget } from "@/scanner/analysis/module-bindings";
import { usesOfDeclarations } from "@/scanner/analysis/name-uses";

/**
 * Whether a member expression may be the environment or one of its variables, told during the
 * walk, before names are bound: any `x.env` or `x.env.NAME` (EnvironmentNames tells which are).
 */
export function mayReadEnvironment(member: Node): boolean {
  if (propertyName(member) === "env") return true;
  const object = member.object as Node;
  return object.type === "MemberExpression" && propertyName(object) === "env";
}

/** The pattern a declaration destructures `env` with: `{ env: { TOKEN } }` of `const { env: { TOKEN } } = process`. */
function envPatternOf(declarator: Node): Node | undefined {
  const id = declarator.type === "VariableDeclarator" && declarator.init ? (declarator.id as Node) : undefined;
  if (id?.type !== "ObjectPattern") return undefined;
  const property = (id.properties as Node[]).find((p) => p.type === "Property" && keyName(p) === "env");
  return property?.value as Node | undefined;
}

/**
 * The name a declaration gives the whole environment without a module: `const env = process.env`
 * (or `process.env || {}`), `const { env } = process`. Names bound to the process module's `env`
 * (`const { env } = require("node:process")`, `import { env } from "process"`) are in the
 * module bindings.
 */
function globalAliasOf(declarator: Node): string | undefined {
  if (declarator.type !== "VariableDeclarator" || !declarator.init) return undefined;
  const id = declarator.id as Node;
  if (id.type === "Identifier") return isEnvironment(unwrap(declarator.init as Node)) ? (id.name as string) : undefined;
  const pattern = envPatternOf(declarator);
  return pattern?.type === "Identifier" && isProcess(unwrap(declarator.init as Node)) ? (pattern.name as string) : undefined;
}

/**
 * The environment under every name the file gives it: `process.env` (also of `globalThis.process`),
 * `.env` of the process module under any name (`require("node:process").env`, `p.env` after
 * `import p from "process"`), and names given the whole environment (`const { env } = process`),
 * whose uses are those within their declarations' scope. Without the module forms,
 * `JSON.stringify(require("process").env)` sent the environment out unseen.
 */
export class EnvironmentNames {
  private found: { uses: IdentifierUse[]; nodes: Set<Node>; patterns: Node[] } | undefined;

  constructor(
    private readonly declarations: readonly Node[],
    private readonly bindings: Bindings,
    private readonly identifiers: IdentifierIndex,
  ) {}

  /** Whether an expression is the whole environment, under any of its names. */
  isEnvironment(wrapped: Node): boolean {
    const node = unwrap(wrapped);
    if (node.type === "Identifier") return this.aliases().nodes.has(node);
    return node.type === "MemberExpression" && propertyName(node) === "env" && this.isProcess(node.object as Node);
  }

  /** Whether an expression is `process`: the global (also of `globalThis` under any name), or the process module under any name. */
  isProcess(wrapped: Node): boolean {
    const node = unwrap(wrapped);
    return isProcess(node) || calleeTarget(node, this.bindings) === "process";
  }

  /** Each use of a name given the whole environment (not its declaration), with the nodes above it. */
  aliasUses(): readonly IdentifierUse[] {
    return this.aliases().uses;
  }

  /** The patterns the environment is destructured with inside another (`{ TOKEN }` of `const { env: { TOKEN } } = require("process")`). */
  nestedPatterns(): readonly Node[] {
    return this.aliases().patterns;
  }

  private aliases(): { uses: IdentifierUse[]; nodes: Set<Node>; patterns: Node[] } {
    if (this.found) return this.found;
    const declaratorsByName = new Map<string, Node[]>();
    const add = (name: string, declarators: readonly Node[]) => declaratorsByName.set(name, [...(declaratorsByName.get(name) ?? []), ...declarators]);
    const patterns: Node[] = [];
    for (const declaration of this.declarations) {
      const name = globalAliasOf(declaration);
      if (name !== undefined) add(name, [declaration]);
      const pattern = envPatternOf(declaration);
      if (pattern?.type === "ObjectPattern" && this.isProcess(declaration.init as Node)) patterns.push(pattern);
    }
    for (const [name, binding] of this.bindings.entries()) if (binding.module === "process" && binding.member === "env" && binding.role === undefined) add(name, binding.declarations);
    const { program, source } = this.bindings.file;
    // The nodes above each use, for all the names in one pass over the file's identifiers.
    const above = new Map([...this.identifiers.namedAmong(new Set(declaratorsByName.keys())).values()].flat().map((use) => [use.node, use]));
    const uses: IdentifierUse[] = [];
    for (const [name, declarators] of declaratorsByName) {
      // All of a name's declarations at once: a file may repeat `const { env } = process` in one function.
      for (const { node, parent } of usesOfDeclarations(program, source, name, declarators)) {
        const isName = (parent.type === "MemberExpression" && parent.property === node && !parent.computed) || (parent.type === "Property" && parent.key === node && parent.value !== node);
        if (!isName) uses.push({ node, parent, grandparent: above.get(node)?.grandparent });
      }
    }
    this.found = { uses, nodes: new Set(uses.map((use) => use.node)), patterns };
    return this.found;
  }
}

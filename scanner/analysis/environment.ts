import { isEnvironment, isProcess, keyName, type Node, propertyName, unwrap, withoutDefault } from "@/scanner/analysis/ast";
import { type IdentifierIndex, type IdentifierUse, isReference } from "@/scanner/analysis/identifier-index";
import { type Bindings, calleeTarget } from "@/scanner/analysis/module-bindings";
import { DeclaratorsByName, usesOfDeclarations } from "@/scanner/analysis/name-uses";

/**
 * Whether a member expression may be the environment or one of its variables, told during the
 * walk, before names are bound: any `x.env` or `x.env.NAME` (EnvironmentNames tells which are).
 */
export function mayReadEnvironment(member: Node): boolean {
  if (mayBeEnv(member)) return true;
  const object = member.object as Node;
  return object.type === "MemberExpression" && mayBeEnv(object);
}

/** `x.env`, or `process[k]` (`k` may be "env"). */
const mayBeEnv = (member: Node) => propertyName(member) === "env" || (member.computed === true && isProcess(unwrap(member.object as Node)));

/** What a declaration destructures `env` into: `e` and `{ TOKEN }` of `const { env: e, env: { TOKEN } = {} } = process` (defaults left aside). */
function envTargetsOf(declarator: Node): Node[] {
  const id = declarator.type === "VariableDeclarator" && declarator.init ? (declarator.id as Node) : undefined;
  if (id?.type !== "ObjectPattern") return [];
  return (id.properties as Node[]).filter((p) => p.type === "Property" && keyName(p) === "env").map((p) => withoutDefault(p.value as Node));
}

/**
 * Whether an expression's value may be `process.env` itself: `process.env || {}`, `process ?
 * process.env : {}`, `process && process.env` (`&&` hands on its left side only when it is falsy,
 * which the environment never is).
 */
export function mayBeEnvironment(wrapped: Node): boolean {
  const node = unwrap(wrapped);
  if (node.type === "LogicalExpression") return (node.operator !== "&&" && mayBeEnvironment(node.left as Node)) || mayBeEnvironment(node.right as Node);
  if (node.type === "ConditionalExpression") return mayBeEnvironment(node.consequent as Node) || mayBeEnvironment(node.alternate as Node);
  return isEnvironment(node);
}

/**
 * The names a declaration gives the whole environment without a module: `const env = process.env`
 * (or `process.env || {}`), `const { env } = process`. Names bound to the process module's `env`
 * (`const { env } = require("node:process")`, `import { env } from "process"`) are in the
 * module bindings.
 */
function globalAliasesOf(declarator: Node, isProcessAt: (node: Node) => boolean): Node[] {
  if (declarator.type !== "VariableDeclarator" || !declarator.init) return [];
  const id = declarator.id as Node;
  const init = unwrap(declarator.init as Node);
  if (id.type === "Identifier") return mayBeEnvironment(init) ? [id] : [];
  // `const { env } = process`, also of another name for the global (`g.process`).
  const targets = envTargetsOf(declarator).filter((target) => target.type === "Identifier");
  return targets.length > 0 && isProcessAt(init) ? targets : [];
}

// `= process.env` in a file's text: where a default or an assignment may give the environment a name.
const GIVES_ENVIRONMENT = /=\s*process\s*\.\s*env\b/;

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
    if (node.type !== "MemberExpression") return false;
    // `process[k]` with `const k = "env"`: the member as the file spells it.
    const member = propertyName(node) ?? (node.computed ? this.bindings.file.speltSpecifier?.(node.property as Node) : undefined);
    return member === "env" && this.isProcess(node.object as Node);
  }

  /**
   * Names the environment is given outside declarations, as `process.env`: a default (`function
   * f(env = process.env)`, `const { env = process.env } = options`, whose uses are those in the
   * function around) or a plain assignment (`let e; e = process.env`, whose uses are those of the
   * variable's declaration, or of the assignment's function where there is none).
   */
  private defaultAliases(processUses: readonly IdentifierUse[]): { name: string; declaration: Node }[] {
    const aliases: { name: string; declaration: Node }[] = [];
    let declarators: DeclaratorsByName | undefined;
    for (const { node, parent, grandparent } of processUses) {
      if (parent.type !== "MemberExpression" || parent.object !== node || propertyName(parent) !== "env" || grandparent === undefined) continue;
      const given = grandparent.type === "AssignmentPattern" || (grandparent.type === "AssignmentExpression" && grandparent.operator === "=");
      const target = given && grandparent.right === parent ? unwrap(grandparent.left as Node) : undefined;
      if (target?.type !== "Identifier") continue;
      const name = target.name as string;
      declarators ??= new DeclaratorsByName(this.declarations as Node[], this.bindings.file.program);
      const declared = grandparent.type === "AssignmentExpression" ? declarators.at(name, grandparent.start) : undefined;
      aliases.push({ name, declaration: declared ?? grandparent });
    }
    return aliases;
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
    const add = (name: string, declarators: readonly Node[]) => {
      const known = declaratorsByName.get(name) ?? [];
      declaratorsByName.set(name, [...known, ...declarators.filter((declarator) => !known.includes(declarator))]);
    };
    const patterns: Node[] = [];
    for (const declaration of this.declarations) {
      for (const alias of globalAliasesOf(declaration, (node) => this.isProcess(node))) add(alias.name as string, [declaration]);
      const nested = envTargetsOf(declaration).filter((target) => target.type === "ObjectPattern");
      if (nested.length && this.isProcess(declaration.init as Node)) patterns.push(...nested);
    }
    for (const [name, binding] of this.bindings.entries()) if (binding.module === "process" && binding.member === "env" && binding.role === undefined) add(name, binding.declarations);
    const { program, source } = this.bindings.file;
    const uses: IdentifierUse[] = [];
    // Defaults and assignments of `process.env` are looked for where the text holds one (`= process.env`).
    const givesEnvironment = GIVES_ENVIRONMENT.test(source);
    // Names given to those names in turn (`const e = env; e.TOKEN`), until no use gives another.
    for (let names = declaratorsByName, first = givesEnvironment; first || names.size > 0; first = false) {
      // The nodes above each use, for all the names in one pass over the file's identifiers
      // (the first also reads `process`'s uses, for names given the environment as defaults).
      const found = this.identifiers.namedAmong(new Set(first ? [...names.keys(), "process"] : names.keys()));
      if (first) for (const alias of this.defaultAliases(found.get("process")!)) add(alias.name, [alias.declaration]);
      const above = new Map([...found.values()].flat().map((use) => [use.node, use]));
      const next = new Map<string, Node[]>();
      for (const [name, declarators] of names) {
        // All of a name's declarations at once: a file may repeat `const { env } = process` in one function.
        for (const { node, parent } of usesOfDeclarations(program, source, name, declarators)) {
          if (!isReference({ node, parent })) continue;
          uses.push({ node, parent, grandparent: above.get(node)?.grandparent });
          const id = parent.type === "VariableDeclarator" && parent.init === node ? (parent.id as Node) : undefined;
          if (id?.type === "Identifier" && !(declaratorsByName.get(id.name as string) ?? []).includes(parent)) {
            next.set(id.name as string, [...(next.get(id.name as string) ?? []), parent]);
            add(id.name as string, [parent]);
          }
        }
      }
      names = next;
    }
    this.found = { uses, nodes: new Set(uses.map((use) => use.node)), patterns };
    return this.found;
  }
}

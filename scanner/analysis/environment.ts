import { GLOBAL_OBJECTS, isEnvironment, isProcess, keyName, type Node, propertyName, unwrap, withoutDefault } from "@/scanner/analysis/ast";
import { declaresName, type IdentifierIndex, type IdentifierUse, isReference } from "@/scanner/analysis/identifier-index";
import { type Bindings, calleeTarget, readBy, reflectiveRead } from "@/scanner/analysis/module-bindings";
import { ancestorsOf, DeclaratorsByName, usesOfDeclarations } from "@/scanner/analysis/name-uses";

/**
 * Whether a member expression may be the environment or one of its variables, told during the
 * walk, before names are bound: any `x.env` or `x.env.NAME` (EnvironmentNames tells which are).
 */
export function mayReadEnvironment(member: Node): boolean {
  if (mayBeEnv(member)) return true;
  const object = unwrap(member.object as Node);
  // `Reflect.get(process, "env").TOKEN`.
  if (object.type === "CallExpression") return unwrap(object.callee as Node).type === "MemberExpression" && mayBeReflectiveRead(unwrap(object.callee as Node));
  return object.type === "MemberExpression" && mayBeEnv(object);
}

/** `x.env`, `process[k]` (`k` may be "env"), or a reflective read that may be the environment (mayBeReflectiveRead). */
const mayBeEnv = (member: Node) => propertyName(member) === "env" || (member.computed === true && isProcess(unwrap(member.object as Node))) || mayBeReflectiveRead(member);

/** `Reflect.get`, the callee of `Reflect.get(process, "env")`, and `.value` of a `getOwnPropertyDescriptor(…)` call. */
function mayBeReflectiveRead(member: Node): boolean {
  const name = propertyName(member);
  const object = unwrap(member.object as Node);
  if (name === "get") return object.type === "Identifier" && object.name === "Reflect";
  const callee = name === "value" && object.type === "CallExpression" ? unwrap(object.callee as Node) : undefined;
  return callee?.type === "MemberExpression" && propertyName(callee) === "getOwnPropertyDescriptor";
}

/** What a pattern destructures `env` into: `e` and `{ TOKEN }` of `{ env: e, env: { TOKEN } = {} }` (defaults left aside). */
const envTargetsOf = (pattern: Node): Node[] =>
  (pattern.properties as Node[]).filter((p) => p.type === "Property" && keyName(p) === "env").map((p) => withoutDefault(p.value as Node));

/**
 * The patterns a destructuring of `value` takes `process` apart with: the whole of `{ env } =
 * process`, and the inner one of `{ process: { env } } = globalThis`.
 */
function processPatternsOf(pattern: Node, value: Node, names: { isProcess(node: Node): boolean; isGlobal(node: Node): boolean }): Node[] {
  if (pattern.type !== "ObjectPattern") return [];
  if (names.isProcess(value)) return [pattern];
  if (!names.isGlobal(value)) return [];
  return (pattern.properties as Node[]).filter((p) => p.type === "Property" && keyName(p) === "process").map((p) => withoutDefault(p.value as Node)).filter((inner) => inner.type === "ObjectPattern");
}

/**
 * Whether an expression's value may be `process.env` itself: `process.env || {}`, `process ?
 * process.env : {}`, `process && process.env` (`&&` hands on its left side only when it is falsy,
 * which the environment never is). `isWhole`: what is the environment where it stands.
 */
export function mayBeEnvironment(wrapped: Node, isWhole: (node: Node) => boolean = isEnvironment): boolean {
  const node = unwrap(wrapped);
  if (node.type === "LogicalExpression") return (node.operator !== "&&" && mayBeEnvironment(node.left as Node, isWhole)) || mayBeEnvironment(node.right as Node, isWhole);
  if (node.type === "ConditionalExpression") return mayBeEnvironment(node.consequent as Node, isWhole) || mayBeEnvironment(node.alternate as Node, isWhole);
  return isWhole(node);
}

// `= process.env`, `= process`, `= globalThis` or `= Reflect.get(process` in a file's text
// without its comments, with parentheses between (`= (process.env)`), also of the global's
// `process`: where a default or an assignment may give the environment a name.
const GAP = String.raw`[\s(]*`;
const PROCESS = String.raw`(?:(?:globalThis|global|window|self)${GAP}\.${GAP})?process`;
const GIVES_ENVIRONMENT = new RegExp(
  String.raw`=${GAP}(?:${PROCESS}(?:${GAP}\.${GAP}env\b|(?=\s*[^\s.\w$])|\s*$)|(?:globalThis|global)\b|(?:Reflect|Object)${GAP}\.${GAP}(?:get|getOwnPropertyDescriptor)${GAP}\(${GAP}${PROCESS}\b)`,
  "m",
);

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
    /** The file's text without its comments (codeWithoutComments). */
    private readonly withoutComments: () => string,
  ) {}

  /** Whether an expression is the whole environment, under any of its names. */
  isEnvironment(wrapped: Node): boolean {
    const node = unwrap(wrapped);
    if (node.type === "Identifier") return this.aliases().nodes.has(node);
    return this.isEnvironmentRead(node);
  }

  /**
   * `process.env` of `process` under any name, `process[k]` with `const k = "env"` (the key as
   * the file spells it), `Reflect.get(process, "env")` and
   * `Object.getOwnPropertyDescriptor(process, "env").value` (or Reflect's).
   */
  private isEnvironmentRead(node: Node): boolean {
    const key = node.type === "MemberExpression" ? (propertyName(node) ?? (node.computed ? this.bindings.file.speltSpecifier?.(node.property as Node) : undefined)) : undefined;
    if (key === "env") return this.isProcess(node.object as Node);
    // The readers the module bindings know (reflectiveRead), as they read any member.
    return (node.type === "CallExpression" || node.type === "MemberExpression") && reflectiveRead(node, this.bindings) === "process.env";
  }

  /** `Object.getOwnPropertyDescriptor(process, "env")` (or Reflect's), whose `value` is the environment. */
  private describesEnvironment(call: Node): boolean {
    return readBy(call, "getOwnPropertyDescriptor", this.bindings) === "process.env";
  }

  /** What `{ env } = …` takes `process` apart from (processPatternsOf): `process` or the global object, under any name. */
  private readonly platform = {
    isProcess: (node: Node) => this.isProcess(node),
    isGlobal: (node: Node) => (node.type === "Identifier" && GLOBAL_OBJECTS.has(node.name as string)) || calleeTarget(node, this.bindings) === "globalThis",
  };

  /**
   * The names a declaration gives the whole environment without a module: `const env =
   * process.env` (or `process.env || {}`, `Reflect.get(process, "env")`), `const { env } =
   * process`, `const { process: { env } } = globalThis`. Names bound to the process module's
   * `env` (`const { env } = require("node:process")`, `import { env } from "process"`) are in the
   * module bindings.
   */
  private aliasesDeclared(declarator: Node): Node[] {
    if (declarator.type !== "VariableDeclarator" || !declarator.init) return [];
    const id = declarator.id as Node;
    const init = unwrap(declarator.init as Node);
    if (id.type === "Identifier") return mayBeEnvironment(init, (node) => isEnvironment(node) || this.isEnvironmentRead(node)) ? [id] : [];
    // `const { value: e } = Object.getOwnPropertyDescriptor(process, "env")`.
    const described = id.type === "ObjectPattern" && this.describesEnvironment(init) ? (id.properties as Node[]).filter((p) => p.type === "Property" && keyName(p) === "value").map((p) => withoutDefault(p.value as Node)) : [];
    return [...described, ...processPatternsOf(id, init, this.platform).flatMap(envTargetsOf)].filter((target) => target.type === "Identifier");
  }

  /**
   * Names the environment is given outside declarations, as `process.env`: a default (`function
   * f(env = process.env)`, `const { env = process.env } = options`, whose uses are those in the
   * function around) or a plain assignment (`let e; e = process.env`, whose uses are those of the
   * variable's declaration, or of the assignment's function where there is none), also by a
   * destructuring assignment (`({ env } = process)`, `({ process: { env } } = globalThis)`), whose
   * inner patterns (`({ env: { TOKEN } } = process)`) are reads.
   */
  private defaultAliases(processUses: readonly IdentifierUse[]): { aliases: { name: string; declaration: Node }[]; patterns: Node[] } {
    const aliases: { name: string; declaration: Node }[] = [];
    const patterns: Node[] = [];
    let declarators: DeclaratorsByName | undefined;
    const aliasOf = (target: Node, given: Node) => {
      const name = target.name as string;
      declarators ??= new DeclaratorsByName(this.declarations as Node[], this.bindings.file.program);
      const declared = given.type === "AssignmentExpression" ? declarators.at(name, given.start) : undefined;
      aliases.push({ name, declaration: declared ?? given });
    };
    for (const { node, parent, grandparent } of processUses) {
      // `({ env } = process)`, and `({ process: { env } } = globalThis)`, where `process` is a key.
      const keyed = parent.type === "Property" && parent.key === node && grandparent?.type === "ObjectPattern";
      const assignment = keyed ? ancestorsOf(this.bindings.file.program, grandparent).at(-1) : parent;
      if (assignment?.type === "AssignmentExpression" && assignment.operator === "=" && (keyed ? assignment.left === grandparent : assignment.right === node)) {
        for (const target of processPatternsOf(unwrap(assignment.left as Node), unwrap(assignment.right as Node), this.platform).flatMap(envTargetsOf)) {
          if (target.type === "Identifier") aliasOf(target, assignment);
          else if (target.type === "ObjectPattern") patterns.push(target);
        }
        continue;
      }
      // The environment read where it stands: `process.env`, `Reflect.get(process, "env")`, or a descriptor's `.value`.
      const read =
        parent.type === "MemberExpression" && parent.object === node && propertyName(parent) === "env"
          ? parent
          : parent.type === "CallExpression" && (parent.arguments as Node[])[0] === node
            ? grandparent?.type === "MemberExpression" && this.isEnvironmentRead(grandparent) ? grandparent : this.isEnvironmentRead(parent) ? parent : undefined
            : undefined;
      const above = read === parent ? grandparent : read && ancestorsOf(this.bindings.file.program, read).at(-1);
      if (read === undefined || above === undefined) continue;
      const given = above.type === "AssignmentPattern" || (above.type === "AssignmentExpression" && above.operator === "=");
      const target = given && above.right === read ? unwrap(above.left as Node) : undefined;
      if (target?.type === "Identifier") aliasOf(target, above);
    }
    return { aliases, patterns };
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
      for (const alias of this.aliasesDeclared(declaration)) add(alias.name as string, [declaration]);
      if (declaration.type !== "VariableDeclarator" || !declaration.init) continue;
      const nested = processPatternsOf(declaration.id as Node, unwrap(declaration.init as Node), this.platform).flatMap(envTargetsOf);
      patterns.push(...nested.filter((target) => target.type === "ObjectPattern"));
    }
    for (const [name, binding] of this.bindings.entries()) if (binding.module === "process" && binding.member === "env" && binding.role === undefined) add(name, binding.declarations);
    const { program, source } = this.bindings.file;
    const uses: IdentifierUse[] = [];
    // Defaults and assignments of `process.env` are looked for where the text holds one (`= process.env`).
    const givesEnvironment = GIVES_ENVIRONMENT.test(this.withoutComments());
    // Names given to those names in turn (`const e = env; e.TOKEN`), until no use gives another.
    for (let names = declaratorsByName, first = givesEnvironment; first || names.size > 0; first = false) {
      // The nodes above each use, for all the names in one pass over the file's identifiers
      // (the first also reads `process`'s uses, for names given the environment as defaults).
      const found = this.identifiers.namedAmong(new Set(first ? [...names.keys(), "process"] : names.keys()));
      if (first) {
        const given = this.defaultAliases(found.get("process")!);
        for (const alias of given.aliases) add(alias.name, [alias.declaration]);
        patterns.push(...given.patterns);
      }
      const above = new Map([...found.values()].flat().map((use) => [use.node, use]));
      const next = new Map<string, Node[]>();
      for (const [name, declarators] of names) {
        // All of a name's declarations at once: a file may repeat `const { env } = process` in one function.
        for (const { node, parent } of usesOfDeclarations(program, source, name, declarators)) {
          // Names given the environment by a default or an assignment are found after the pass over the identifiers.
          const use = { node, parent, grandparent: above.has(node) ? above.get(node)!.grandparent : ancestorsOf(program, parent).at(-1) };
          // A target the name is given a value by (`({ env } = process)`) is no use of its value.
          if (!isReference(use) || declaresName(use)) continue;
          uses.push(use);
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

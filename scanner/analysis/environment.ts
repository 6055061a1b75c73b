import { GLOBAL_OBJECTS, globalCallName, isEnvironment, isProcess, keyName, type Node, pairedElements, passesValueOn, propertyName, someChoice, stringLiteral, unwrap, withoutDefault } from "@/scanner/analysis/ast";
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

/** Whether names given copies of the environment are followed, and whether one was. */
interface Copies {
  follow: boolean;
  seen: boolean;
}

// Assignments that may give their target the right side's value (`e ||= process.env` when e is unset).
const GIVING_OPERATORS = new Set(["=", "||=", "??=", "&&="]);

/**
 * Whether an expression's value may be `process.env` itself (someChoice): `process.env || {}`,
 * `process ? process.env : {}`, `process && process.env`. `isWhole`: what is the environment
 * where it stands.
 */
export const mayBeEnvironment = (wrapped: Node, isWhole: (node: Node) => boolean = isEnvironment): boolean => someChoice(wrapped, isWhole);

// Object's and Reflect's functions that set the one member their second argument names
// (`Reflect.set(process.env, "DEBUG", "1")`), those that write members by call at all, and with
// Object.assign, every call that may set variables of the object it is given first (PATH_WRITES
// reads them so for `process.env`).
export const KEYED_WRITES = new Set(["Reflect.set", "Reflect.defineProperty", "Object.defineProperty"]);
export const REFLECTIVE_WRITES = new Set([...KEYED_WRITES, "Object.defineProperties"]);
const SETTING_CALLS = new Set([...REFLECTIVE_WRITES, "Object.assign"]);

const COPYING_CALLS = new Set(["Object.assign", "structuredClone"]);

/**
 * How `above` copies its child `value` into a new object holding every variable, if it does:
 * `spread` for `{ ...value }` (`container`: the node above the spread), `Object.assign` for
 * `Object.assign({}, value)` (not into `value` itself, which it returns), `structuredClone`. A
 * copy of the environment holds the same secrets: serialised, it sends them out the same.
 */
export function copyingOf(above: Node, value: Node, container: Node | undefined): string | undefined {
  if (above.type === "SpreadElement") return container?.type === "ObjectExpression" ? "spread" : undefined;
  if (above.type !== "CallExpression") return undefined;
  const called = globalCallName(unwrap(above.callee as Node));
  const position = (above.arguments as Node[]).indexOf(value);
  if (called === "structuredClone") return position === 0 ? called : undefined;
  return called === "Object.assign" && position > 0 ? called : undefined;
}

/**
 * Whether an expression makes a copy of the environment (copyingOf): `{ ...process.env, DEBUG:
 * "1" }`, `Object.assign({}, process.env)`, `structuredClone(process.env)`. `isWhole`: what is the
 * environment where it stands.
 */
function copiesEnvironment(node: Node, isWhole: (node: Node) => boolean): boolean {
  // Asked of every declarator's value: the cheap tests first (a spread, a copying call's name).
  const spreads = node.type === "ObjectExpression" && (node.properties as Node[]).some((p) => p.type === "SpreadElement");
  if (!spreads && !isCopyingCall(node)) return false;
  const copied = spreads ? (node.properties as Node[]).filter((p) => p.type === "SpreadElement").map((p) => p.argument as Node) : (node.arguments as Node[]).filter((argument) => copyingOf(node, argument, undefined) !== undefined);
  // A copy of a copy (`structuredClone({ ...process.env })`) is one too.
  const holds = (value: Node) => isWhole(value) || copiesEnvironment(value, isWhole);
  return copied.some((value) => mayBeEnvironment(value, holds));
}

const isCopyingCall = (node: Node) => node.type === "CallExpression" && COPYING_CALLS.has(globalCallName(unwrap(node.callee as Node)) ?? "");

/**
 * The expression a use of the environment's value stands in, up through what hands it on (a
 * choice, `e || {}`, a cast) or, with `copies`, copies it (copyingOf): `{ ...e }` of `const c = {
 * ...e }`, `copied` when it went through one; and what takes that expression (its `giver`, a
 * declarator or an assignment that may give a name its value). `parent`: the use's.
 */
function givingExpression(program: Node, use: Node, parent: Node, copies: boolean): { value: Node; giver: Node | undefined; copied: boolean } {
  // Most uses stand right under what takes them: the file is descended only for the others.
  if (!passesValueOn(parent, use) && !(copies && (parent.type === "SpreadElement" || copyingOf(parent, use, undefined) !== undefined))) return { value: use, giver: parent, copied: false };
  const path = ancestorsOf(program, use);
  let value = use;
  let copied = false;
  let i = path.length - 1;
  for (; i >= 0; i--) {
    const above = path[i]!;
    if (passesValueOn(above, value)) {
      value = above;
      continue;
    }
    if (!copies || copyingOf(above, value, path[i - 1]) === undefined) break;
    value = above.type === "SpreadElement" ? path[--i]! : above;
    copied = true;
  }
  return { value, giver: path[i], copied };
}

/** The names for the environment, with their uses (EnvironmentNames.aliases). */
interface Aliases {
  uses: IdentifierUse[];
  nodes: Set<Node>;
  patterns: Node[];
  /** Whether any of them holds a copy (copiesEnvironment) rather than the environment itself. */
  copied: boolean;
}

/**
 * The environment under every name the file gives it: `process.env` (also of `globalThis.process`),
 * `.env` of the process module under any name (`require("node:process").env`, `p.env` after
 * `import p from "process"`), and names given the whole environment (`const { env } = process`),
 * whose uses are those within their declarations' scope. Without the module forms,
 * `JSON.stringify(require("process").env)` sent the environment out unseen.
 */
export class EnvironmentNames {
  /** The names with copies among them (what is read and sent), and without (what a write changes). */
  private readonly found = new Map<boolean, Aliases>();

  constructor(
    private readonly declarations: readonly Node[],
    /** The file's assignments and other writes of names (isNameWrite). */
    private readonly writes: readonly Node[],
    private readonly bindings: Bindings,
    private readonly identifiers: IdentifierIndex,
  ) {}

  /** Whether an expression is the whole environment, under any of its names. */
  isEnvironment(wrapped: Node): boolean {
    const node = unwrap(wrapped);
    if (node.type === "Identifier") return this.aliases(true).nodes.has(node);
    return this.isEnvironmentRead(node);
  }

  /**
   * `process.env` of `process` under any name, `process[k]` with `const k = "env"` (the key as
   * the file spells it), `Reflect.get(process, "env")` and
   * `Object.getOwnPropertyDescriptor(process, "env").value` (or Reflect's).
   */
  private isEnvironmentRead(node: Node): boolean {
    const key = node.type === "MemberExpression" ? (propertyName(node) ?? (node.computed ? this.bindings.file.speltSpecifier?.(node.property as Node) : undefined)) : undefined;
    if (key === "env") return this.isProcess(node.object as Node) || this.isBun(node.object as Node);
    // Deno's `Deno.env.toObject()`: every variable, as an object.
    const callee = node.type === "CallExpression" ? unwrap(node.callee as Node) : undefined;
    if (callee?.type === "MemberExpression" && propertyName(callee) === "toObject") return this.isDenoEnvironment(callee.object as Node);
    // The readers the module bindings know (reflectiveRead), as they read any member.
    return (node.type === "CallExpression" || node.type === "MemberExpression") && reflectiveRead(node, this.bindings) === "process.env";
  }

  /** `Object.getOwnPropertyDescriptor(process, "env")` (or Reflect's), whose `value` is the environment. */
  private describesEnvironment(call: Node): boolean {
    return readBy(call, "getOwnPropertyDescriptor", this.bindings) === "process.env";
  }

  /** What `{ env } = …` takes `process` apart from (processPatternsOf): `process` (or Bun) or the global object, under any name. */
  private readonly platform = {
    isProcess: (node: Node) => this.isProcess(node) || this.isBun(node),
    isGlobal: (node: Node) => (node.type === "Identifier" && GLOBAL_OBJECTS.has(node.name as string)) || calleeTarget(node, this.bindings) === "globalThis",
  };

  /** Whether an expression is the environment read where it stands (not a name for it). */
  private readonly isWhole = (node: Node) => isEnvironment(node) || this.isEnvironmentRead(node);

  /**
   * What a value given to a target (a declarator's `id = init`, an assignment's `left = right`, a
   * default's) gives the whole environment without a module: the names it is given (`env =
   * process.env`, or `process.env || {}`, `Reflect.get(process, "env")`, `{ env } = process`,
   * `{ process: { env } } = globalThis`, `{ value: env } = Object.getOwnPropertyDescriptor(process,
   * "env")`, `[{ env }] = [process]`) and the patterns that take it apart (`{ env: { TOKEN } } =
   * process`), whose properties are reads. Names bound to the process module's `env` (`const {
   * env } = require("node:process")`, `import { env } from "process"`) are in the module bindings.
   */
  private givenEnvironment(target: Node, value: Node, copies: Copies): Node[] {
    if (target.type === "ArrayPattern" && value.type === "ArrayExpression") return pairedElements(target, value).flatMap(([t, v]) => this.givenEnvironment(t, unwrap(v), copies));
    const { isWhole } = this;
    if (target.type === "Identifier") {
      if (mayBeEnvironment(value, isWhole)) return [target];
      const copy = copies.follow && mayBeEnvironment(value, (node) => copiesEnvironment(node, isWhole));
      copies.seen ||= copy;
      return copy ? [target] : [];
    }
    if (target.type !== "ObjectPattern") return [];
    // `const { TOKEN, ...rest } = process.env`: the rest is a copy of all the others.
    const rest = copies.follow && mayBeEnvironment(value, isWhole) ? (target.properties as Node[]).find((p) => p.type === "RestElement" && (p.argument as Node).type === "Identifier") : undefined;
    if (rest) {
      copies.seen = true;
      return [rest.argument as Node];
    }
    const described = this.describesEnvironment(value) ? (target.properties as Node[]).filter((p) => p.type === "Property" && keyName(p) === "value").map((p) => withoutDefault(p.value as Node)) : [];
    return [...described, ...processPatternsOf(target, value, this.platform).flatMap(envTargetsOf)].filter((given) => given.type === "Identifier" || given.type === "ObjectPattern");
  }

  /**
   * Names a default gives the environment (`function f(env = process.env)`, `function f({ env }
   * = process)`, `const { env = process.env } = options`), whose uses are those in the function
   * around, found from `process`'s uses: defaults are not gathered. Assignments and declarations
   * are (aliases).
   */
  private defaultAliases(processUses: readonly IdentifierUse[], copies: Copies): { aliases: { name: string; declaration: Node }[]; patterns: Node[] } {
    const aliases: { name: string; declaration: Node }[] = [];
    const patterns: Node[] = [];
    const { program } = this.bindings.file;
    for (const use of processUses) {
      // `globalThis.process`: the member is the process, with the nodes above it.
      const { node, parent, grandparent } = this.isGlobalsProcess(use) ? this.useOf(use.parent) : use;
      // `{ process: { env } } = globalThis`, where `process` is a key of the pattern given the default.
      const keyed = parent.type === "Property" && parent.key === node && grandparent?.type === "ObjectPattern";
      // Otherwise what the default may be: the environment read where `process` stands (`process.env`,
      // `Reflect.get(process, "env")`, a descriptor's `.value`), or `process` itself.
      const read = keyed
        ? grandparent
        : parent.type === "MemberExpression" && parent.object === node && propertyName(parent) === "env"
          ? parent
          : parent.type === "CallExpression" && (parent.arguments as Node[])[0] === node
            ? grandparent?.type === "MemberExpression" && this.isEnvironmentRead(grandparent) ? grandparent : this.isEnvironmentRead(parent) ? parent : node
            : node;
      let above = read === node ? parent : read === parent ? grandparent : ancestorsOf(program, read).at(-1);
      // `(env = process.env || {})`, `(env = { ...process.env })`: the default is what holds the read
      // (givenEnvironment tells whether it is a copy).
      let value = read;
      if (!keyed && above !== undefined) ({ value, giver: above } = givingExpression(program, read, above, copies.follow));
      if (above?.type !== "AssignmentPattern" || (keyed ? above.left !== read : above.right !== value)) continue;
      for (const given of this.givenEnvironment(unwrap(above.left as Node), unwrap(above.right as Node), copies)) {
        if (given.type === "Identifier") aliases.push({ name: given.name as string, declaration: above });
        else patterns.push(given);
      }
    }
    return { aliases, patterns };
  }

  /** Whether a use of `process` is the member `globalThis.process` (of any global object, under any name). */
  private isGlobalsProcess({ node, parent }: IdentifierUse): boolean {
    return parent.type === "MemberExpression" && parent.property === node && !parent.computed && this.platform.isGlobal(unwrap(parent.object as Node));
  }

  /** An expression as a use, with the nodes above it. */
  private useOf(expression: Node): IdentifierUse {
    const path = ancestorsOf(this.bindings.file.program, expression);
    return { node: expression, parent: path.at(-1)!, grandparent: path.at(-2) };
  }

  /** Whether an expression is Deno's `Deno.env` (under any name), whose `get(name)` reads a variable and `toObject()` all of them. */
  isDenoEnvironment(wrapped: Node): boolean {
    return calleeTarget(unwrap(wrapped), this.bindings) === "Deno.env";
  }

  /** Whether an expression is Bun's global (under any name, also as its `bun` module), whose `env` is the environment as `process.env` is. */
  private isBun(wrapped: Node): boolean {
    return calleeTarget(unwrap(wrapped), this.bindings) === "Bun";
  }

  /** Whether an expression is `process`: the global (also of `globalThis` under any name), or the process module under any name. */
  isProcess(wrapped: Node): boolean {
    const node = unwrap(wrapped);
    return isProcess(node) || calleeTarget(node, this.bindings) === "process";
  }

  /**
   * Whether nothing in the file declares a name (no declarator, parameter, function, class or
   * catch parameter of it): a write of it is a global's, told without searching the file
   * (thousands of such writes would each search it).
   */
  private neverDeclared(name: string): boolean {
    return this.declaratorsByName().named(name).length === 0 && !this.identifiers.named(name).some(declaresName);
  }

  /** The file's declarators by name, made when an assignment first needs them. */
  private declaratorsByName(): DeclaratorsByName {
    return (this.byName ??= new DeclaratorsByName(this.declarations as Node[], this.bindings.file.program));
  }

  private byName: DeclaratorsByName | undefined;

  /** Whether a use of a name for the environment is a copy's (`c` of `const c = { ...process.env }`), not the environment's own. */
  isCopy(use: Node): boolean {
    return this.aliases(true).copied && !this.aliases(false).nodes.has(use);
  }

  /** Each use of a name given the whole environment (not its declaration), with the nodes above it. */
  aliasUses(): readonly IdentifierUse[] {
    return this.aliases(true).uses;
  }

  /**
   * Whether a name for the environment has a variable written through it (`e.PATH = …`, `e.Path
   * += …`; any case, as Windows reads it; or any, by `Object.assign(e, …)` and Reflect's and
   * defineProperty's kin): what the text checks for `process.env.PATH` cannot see
   * (`[e] = [process.env]`). Not a copy's (`const c = { ...process.env }; c.PATH = …`), which
   * changes only what it is given to.
   */
  setsVariableThroughAlias(variable: string): boolean {
    const wanted = variable.toLowerCase();
    return this.aliases(false).uses.some(({ node, parent, grandparent }) => {
      // `Object.assign(e, …)`: any variable, as for `process.env` itself; `Reflect.set(e, key, …)`
      // and defineProperty the one its key names, any where it is worked out at run time.
      if (parent.type === "CallExpression" && (parent.arguments as Node[])[0] === node) {
        const called = globalCallName(unwrap(parent.callee as Node)) ?? "";
        const key = KEYED_WRITES.has(called) ? stringLiteral((parent.arguments as Node[])[1]) : undefined;
        return SETTING_CALLS.has(called) && (key === undefined || key.toLowerCase() === wanted);
      }
      if (parent.type !== "MemberExpression" || parent.object !== node) return false;
      const key = parent.computed ? stringLiteral(parent.property as Node) : propertyName(parent);
      return key?.toLowerCase() === wanted && grandparent?.type === "AssignmentExpression" && grandparent.left === parent;
    });
  }

  /** The patterns the environment is destructured with inside another (`{ TOKEN }` of `const { env: { TOKEN } } = require("process")`). */
  nestedPatterns(): readonly Node[] {
    return this.aliases(true).patterns;
  }

  /**
   * The names for the environment (and with `withCopies`, for copies of it), with their uses.
   * Without copies, the names are those with copies whenever none was found (most files).
   */
  private aliases(withCopies: boolean): Aliases {
    const known = this.found.get(withCopies) ?? (withCopies ? undefined : this.found.get(true));
    if (known && (withCopies || !known.copied)) return known;
    const copies: Copies = { follow: withCopies, seen: false };
    const declaratorsByName = new Map<string, Node[]>();
    const add = (name: string, declarators: readonly Node[]) => {
      const known = declaratorsByName.get(name) ?? [];
      declaratorsByName.set(name, [...known, ...declarators.filter((declarator) => !known.includes(declarator))]);
    };
    const patterns: Node[] = [];
    const give = (given: Node, declaration: Node) => (given.type === "Identifier" ? add(given.name as string, [declaration]) : patterns.push(given));
    for (const declaration of this.declarations) {
      if (declaration.type !== "VariableDeclarator" || !declaration.init) continue;
      for (const given of this.givenEnvironment(declaration.id as Node, unwrap(declaration.init as Node), copies)) give(given, declaration);
    }
    // `let e; e = process.env` (also `e ||= …`, `e = f = …`): uses are those of the variable's
    // declaration; of the whole file for a global nothing declares (the program stands for its
    // declaration); of the assignment's function where a parameter or caught error of its name
    // is what the assignment writes.
    const declarationOf = (name: Node, assignment: Node) => {
      const { program, source } = this.bindings.file;
      const byName = this.declaratorsByName();
      return byName.writtenBy(name, source) ?? (this.neverDeclared(name.name as string) || byName.writesGlobal(name, source) ? program : assignment);
    };
    for (const write of this.writes) {
      if (write.type !== "AssignmentExpression" || !GIVING_OPERATORS.has(write.operator as string)) continue;
      let value = unwrap(write.right as Node);
      while (value.type === "AssignmentExpression" && value.operator === "=") value = unwrap(value.right as Node);
      for (const given of this.givenEnvironment(unwrap(write.left as Node), value, copies)) give(given, given.type === "Identifier" ? declarationOf(given, write) : write);
    }
    for (const [name, binding] of this.bindings.entries()) if ((binding.module === "process" || binding.module === "Bun") && binding.member === "env" && binding.role === undefined) add(name, binding.declarations);
    const { program, source } = this.bindings.file;
    const uses: IdentifierUse[] = [];
    // Names given to those names in turn (`const e = env; e.TOKEN`), until no use gives another.
    for (let names = declaratorsByName, first = true; first || names.size > 0; first = false) {
      // The nodes above each use, for all the names in one pass over the file's identifiers
      // (the first also reads `process`'s uses, for names given the environment as defaults).
      const found = this.identifiers.namedAmong(new Set(first ? [...names.keys(), "process"] : names.keys()));
      if (first) {
        const given = this.defaultAliases(found.get("process")!, copies);
        for (const alias of given.aliases) add(alias.name, [alias.declaration]);
        patterns.push(...given.patterns);
      }
      const above = new Map([...found.values()].flat().map((use) => [use.node, use]));
      const next = new Map<string, Node[]>();
      // The names known now: those found in this pass are read in the next, once.
      for (const [name, declarators] of [...names]) {
        // All of a name's declarations at once: a file may repeat `const { env } = process` in one function.
        // A global nothing declares is every identifier of its name (no scope can hide it).
        const global = declarators.length === 1 && declarators[0] === program && this.neverDeclared(name);
        for (const { node, parent } of global ? this.identifiers.named(name) : usesOfDeclarations(program, source, name, declarators)) {
          // Names given the environment by a default are found after the pass over the identifiers.
          const use = { node, parent, grandparent: above.has(node) ? above.get(node)!.grandparent : ancestorsOf(program, parent).at(-1) };
          // A target the name is given a value by (`({ env } = process)`) is no use of its value.
          if (!isReference(use) || declaresName(use)) continue;
          uses.push(use);
          // `const e = env`, or `e = env` (declared where the variable is, as above), also of `env
          // || {}` or a copy (`{ ...env }`), which are read the same.
          const { value, giver, copied } = givingExpression(program, node, parent, withCopies);
          if (giver === undefined) continue;
          const id = giver.type === "VariableDeclarator" && giver.init === value ? (giver.id as Node) : giver.type === "AssignmentExpression" && giver.operator === "=" && giver.right === value ? unwrap(giver.left as Node) : undefined;
          if (id?.type !== "Identifier") continue;
          copies.seen ||= copied;
          const declaration = giver.type === "VariableDeclarator" ? giver : declarationOf(id, giver);
          if (!(declaratorsByName.get(id.name as string) ?? []).includes(declaration)) {
            next.set(id.name as string, [...(next.get(id.name as string) ?? []), declaration]);
            add(id.name as string, [declaration]);
          }
        }
      }
      names = next;
    }
    const aliases = { uses, nodes: new Set(uses.map((use) => use.node)), patterns, copied: copies.seen };
    this.found.set(withCopies, aliases);
    return aliases;
  }
}

import { globalCallName, isProcessEnv, keyName, type Node, propertyName, unwrap } from "@/scanner/analysis/ast";
import { decodingCall } from "@/scanner/analysis/decoding-call";
import { type IdentifierIndex, type IdentifierUse, isReference } from "@/scanner/analysis/identifier-index";
import type { Binding } from "@/scanner/analysis/bindings";
import { type Bindings, calleeTarget, memberChain, ownCodeRead } from "@/scanner/analysis/module-bindings";
import type { EnvironmentNames } from "@/scanner/analysis/environment";
import { ancestorsOf, DeclaratorsByName, declarationScope, declaratorKind, isAmbient, scopeOf, usesOfName, varNamesParameter } from "@/scanner/analysis/name-uses";
import { isDirectEval, writtenNames } from "@/scanner/analysis/name-writes";
import { changeThrough, memberChainAround, nameGivenTo } from "@/scanner/analysis/object-changes";
import { stringMethodCall, taggedText } from "@/scanner/analysis/string-builders";

const anyInitialiser = () => true;
// Longer values are not worked out (tool descriptions run to a few kilobytes).
const MAX_VALUE = 1024 * 1024;
export const isArray = (init: Node) => init.type === "ArrayExpression";
export const isObject = (init: Node) => init.type === "ObjectExpression";
// How deep memberOfConstant reads objects in objects (`TOOLS.add.description`), as exported readings do.
const MAX_MEMBER_DEPTH = 4;
// The writes of one member objectAsWritten reads as a choice.
const MAX_WRITES = 16;
// The test of the choice objectAsWritten makes of the values a member is given: no expression of the file.
const CHANGED: Node = { type: "Identifier", name: "(changed at run time)", start: 0, end: 0 };
// Initialisers whose value code can change without assigning the name again.
const isObjectOrArray = (init: Node) => init.type === "ObjectExpression" || init.type === "ArrayExpression";

// The variables that hold the home folder: `process.env.HOME`, Bun's `Bun.env.HOME`, Deno's `Deno.env.get("HOME")`.
const HOME_VARIABLES = new Set(["HOME", "USERPROFILE"]);
const JOIN_CALLS = new Set(["path.join", "path.resolve", "path.posix.join", "path.posix.resolve"]);

/** The value of an object literal's last property of a name, unless a spread, a computed key or an accessor after it may give it another value. */
function lastProperty(object: Node, key: string): Node | undefined {
  if (object.type !== "ObjectExpression") return undefined;
  const properties = object.properties as Node[];
  for (let i = properties.length - 1; i >= 0; i--) {
    const property = properties[i]!;
    const name = property.type === "Property" ? keyName(property) : undefined;
    if (name === undefined || property.kind !== "init") return undefined;
    if (name === key) return property.value as Node;
  }
  return undefined;
}

/**
 * Works out the string a node evaluates to where that is possible without running anything:
 * literals, template literals, `+` concatenation, names whose declaration's initialiser is their
 * only value (constants), `new URL(path, base)`, and paths: `os.homedir()`, `os.userInfo().homedir`
 * and `process.env.HOME` are `~`, `path.join`/`path.resolve` join their parts. Unknown parts
 * become `${…}`, so that what is known around them can still be read.
 */
export class StaticValues {
  private readonly declarators: DeclaratorsByName;
  private readonly writes = new Map<string, number[]>();
  private readonly withBodies: Node[] = [];
  /** Whether the file calls `eval` directly (however spelt), which can assign any name and call any function. */
  readonly hasDirectEval: boolean;
  // Per name, its declarators that may not keep their initialisers (changedDeclarators).
  private readonly changed = new Map<string, Set<Node>>();
  private readonly uses = new Map<Node, { node: Node; parent: Node }[]>();
  private readonly usedAt = new WeakMap<object, Set<Node>>();
  private readonly initialValues = new Map<Node, string | undefined>();
  private readonly importUses = new Map<Binding, Set<Node>>();
  private readonly wantedByName = new WeakMap<(init: Node) => boolean, Map<string, boolean>>();
  private readonly changes = new Map<Node, Node[]>();
  // Per name, its identifiers that destructuring patterns give a value (`h` of `{ HOME: h }`), found when first asked (takenUses).
  private patternUses: Map<string, IdentifierUse[]> | undefined;
  private spellsHome: boolean | undefined;
  // Per name, the member paths of what it holds given names of their own, `null` for a computed key (readsThroughNamedMember).
  private readonly namedMembers = new Map<string, (string | null)[][]>();
  // `name = value` assignments by name, made when first asked (assignedWith).
  private assignments: Map<string, Node[]> | undefined;

  /**
   * `declarations` and `nameWrites`: the file's declarations (isDeclaration) and name writes
   * (isNameWrite), gathered by the one walk; `identifiers`: its identifiers by name, escaped ones
   * too (changesOf).
   */
  constructor(
    declarations: Node[],
    private readonly nameWrites: Node[],
    private readonly bindings: Bindings,
    private readonly identifiers: IdentifierIndex,
    /** The environment under every name the file gives it, for its HOME: without, only `process.env` and `Bun.env` as written. */
    private readonly environment?: EnvironmentNames,
  ) {
    this.declarators = new DeclaratorsByName(declarations, bindings.file.program, (declarator) => declarator.init != null);
    this.hasDirectEval = nameWrites.some(isDirectEval);
    for (const write of nameWrites) {
      if (write.type === "WithStatement") this.withBodies.push(write.body as Node);
      else if (!isDirectEval(write)) {
        for (const name of writtenNames(write)) {
          const offsets = this.writes.get(name.name as string);
          if (offsets) offsets.push(name.start);
          else this.writes.set(name.name as string, [name.start]);
        }
      }
    }
  }

  /**
   * The initialiser of the declaration a name means where it is used, when that is its only
   * value: a `const`, or a `let` or `var` nothing assigns again (`let cmd = "git"; cmd = "curl …"`
   * runs curl), not a namesake's (a parameter, an inner declaration), and not inside `with`; an
   * object or array that nothing changes either (changesOf). `wanted`: what the caller can use,
   * tested first, as the last test costs a search of the declaration's scope.
   */
  constant(identifier: Node, wanted: (init: Node) => boolean = anyInitialiser): Node | undefined {
    const init = this.initialiser(identifier, wanted);
    return init && isObjectOrArray(init) && this.changesOf(identifier).length ? undefined : init;
  }

  /**
   * The nodes through which the object or array a name holds may change after its declaration
   * (changeThrough: `tools.push(…)`, `tool.description = …`, `Object.assign(o, …)`), among the
   * uses of its name in the declaration's scope. Where the file spells the name in escapes, which
   * the text search for uses misses (`\u0074ools.push(…)`), among every identifier so named there,
   * namesakes too, erring toward change. Worked out once per declaration.
   */
  changesOf(identifier: Node): Node[] {
    const declarator = this.declaratorOf(identifier);
    if (!declarator) return [];
    let found = this.changes.get(declarator);
    if (!found) {
      const { program, source } = this.bindings.file;
      const scope = declarationScope(program, declarator);
      const name = identifier.name as string;
      const escapes = source.indexOf("\\u", scope.start);
      const uses = escapes !== -1 && escapes < scope.end && this.identifiers.speltInEscapes().has(name)
        ? this.identifiers.named(name).filter((use) => scope.start <= use.node.start && use.node.end <= scope.end)
        : this.usesOf(declarator, name);
      found = uses.flatMap((use) => changeThrough(use.node, use.parent, program) ?? []);
      // The object's own code may change it (`{ arm() { o.detached = true } }`): its initialiser, as a change no one reads.
      const init = declarator.init as Node;
      const named = source.indexOf(name, init.start);
      if (named !== -1 && named < init.end && usesOfName(init, source, name, []).some(isReference)) found.push(init);
      this.changes.set(declarator, found);
    }
    return found;
  }

  /**
   * The object literal a name holds, with what the writes of its members after its declaration
   * may make of it (`const o = { stdio: "ignore" }; o.detached = true`; `Object.assign(o, { shell:
   * true })`): a member written is any of the values it is given, the declaration's too, as a
   * choice (`cond ? v1 : v2`, whose test is no expression of the file), since a write may come
   * after the use, or never run. Undefined when any change (changesOf) is something else (a
   * nested member written, a method called, a member named at run time, a source that is not an
   * object literal, a name given the object), or the name holds no object literal.
   */
  objectAsWritten(identifier: Node): Node | undefined {
    const init = this.initialiser(identifier, isObject);
    if (!init) return undefined;
    const written = new Map<string, Node[]>();
    const give = (key: string | undefined, value: Node) => key !== undefined && written.set(key, [...(written.get(key) ?? []), value]);
    const ofName = (node: Node) => node.type === "Identifier" && node.name === identifier.name;
    for (const change of this.changesOf(identifier)) {
      const target = change.type === "AssignmentExpression" && change.operator === "=" ? unwrap(change.left as Node) : undefined;
      if (target?.type === "MemberExpression" && ofName(unwrap(target.object as Node))) {
        if (!give(propertyName(target), change.right as Node)) return undefined;
        continue;
      }
      const [first, ...sources] = change.type === "CallExpression" && globalCallName(unwrap(change.callee as Node)) === "Object.assign" ? (change.arguments as Node[]).map(unwrap) : [];
      if (!first || !ofName(first) || !sources.every(isObject)) return undefined;
      for (const property of sources.flatMap((source) => source.properties as Node[])) {
        if (property.type !== "Property" || !give(keyName(property), property.value as Node)) return undefined;
      }
    }
    const properties = init.properties as Node[];
    // A member written over and over is no choice to read (and a deep one for any reader to walk).
    if ([...written.values()].some((values) => values.length > MAX_WRITES)) return undefined;
    const choices = [...written].map(([key, values]) => {
      const declared = properties.findLast((property) => property.type === "Property" && keyName(property) === key)?.value as Node | undefined;
      const value = [...(declared ? [declared] : []), ...values].reduceRight((alternate, consequent) => ({ type: "ConditionalExpression", start: consequent.start, end: consequent.end, test: CHANGED, consequent, alternate }));
      return { type: "Property", start: value.start, end: value.end, key: { type: "Identifier", name: key, start: value.start, end: value.start }, computed: false, value, kind: "init", method: false, shorthand: false };
    });
    return { ...init, properties: [...properties, ...choices] };
  }

  /** The initialiser of the declaration a name means, as constant finds it, whether or not the object or array it makes changes later (changesOf). */
  initialiser(identifier: Node, wanted: (init: Node) => boolean = anyInitialiser): Node | undefined {
    // Most names asked about have no wanted initialiser anywhere: no need to work out their scopes.
    // (Asked once per name and test: bundles declare one short name thousands of times.)
    const name = identifier.name as string;
    let answers = this.wantedByName.get(wanted);
    if (!answers) this.wantedByName.set(wanted, (answers = new Map()));
    let any = answers.get(name);
    if (any === undefined) answers.set(name, (any = this.declarators.named(name).some((declarator) => wanted(declarator.init as Node))));
    if (!any) return undefined;
    const declarator = this.declaratorOf(identifier);
    return declarator && wanted(declarator.init as Node) && this.means(identifier, declarator) ? (declarator.init as Node) : undefined;
  }

  /**
   * The initialiser of the declaration a name means where it is used (not a namesake's), whatever
   * may assign the name later or whether the file calls eval: a value it holds at least once.
   */
  declaredWith(identifier: Node, wanted: (init: Node) => boolean = anyInitialiser): Node | undefined {
    const declarator = this.declarators.at(identifier.name as string, identifier.start);
    const init = declarator?.init as Node | null | undefined;
    return init && wanted(init) && this.means(identifier, declarator!) ? init : undefined;
  }

  /**
   * A value a plain assignment gives the variable a name means where it is used (`let c; c =
   * atob(p); eval(c)`), which `wanted` accepts: of the assignments of its name, those where the
   * name means the same declaration with an initialiser (or none: a declaration without one, a
   * global), whatever else the name is given; none past MAX_WRITES assignments of the name.
   */
  assignedWith(identifier: Node, wanted: (value: Node) => boolean): Node | undefined {
    const name = identifier.name as string;
    if (!this.assignments) {
      this.assignments = new Map();
      for (const write of this.nameWrites) {
        const left = write.type === "AssignmentExpression" && write.operator === "=" ? unwrap(write.left as Node) : undefined;
        if (left?.type !== "Identifier") continue;
        const named = this.assignments.get(left.name as string);
        if (named) named.push(write);
        else this.assignments.set(left.name as string, [write]);
      }
    }
    const assigned = this.assignments.get(name);
    const { program } = this.bindings.file;
    // A name assigned over and over (a minified bundle's `e`) is no value to follow: each could lead to more.
    if (!assigned || assigned.length > MAX_WRITES) return undefined;
    // Declarators without an initialiser and parameters are not in the index: with none found,
    // an assignment counts only in the function the name is used in (`function run(code) { … }`
    // and `code = …` in another function are two variables).
    const meant = this.declarators.at(name, identifier.start);
    const scope = meant ? undefined : scopeOf(program, identifier);
    const same = (assignment: Node) => this.declarators.at(name, assignment.start) === meant && (meant !== undefined || scopeOf(program, assignment) === scope);
    return assigned.find((assignment) => same(assignment) && wanted(assignment.right as Node))?.right as Node | undefined;
  }

  /** The declarator a name may mean where it is used, if it keeps its initialiser (means tells whether it is not a namesake's). */
  private declaratorOf(identifier: Node): Node | undefined {
    const name = identifier.name as string;
    const declarator = this.declarators.at(name, identifier.start);
    if (!declarator || !this.keepsInitialiser(declarator, name)) return undefined;
    return this.withBodies.some((body) => body.start <= identifier.start && identifier.end <= body.end) ? undefined : declarator;
  }

  /** Whether an identifier is a use of the declarator's name, not a namesake's: searched once per variable, in the scope it declares in. */
  private means(identifier: Node, declarator: Node): boolean {
    const uses = this.usesOf(declarator, identifier.name as string);
    let found = this.usedAt.get(uses);
    if (!found) this.usedAt.set(uses, (found = new Set(uses.map((use) => use.node))));
    return found.has(identifier);
  }

  /**
   * The uses of a declarator's name in the scope it declares in (usesOfName), with their parents:
   * searched once per variable, for all its declarators there (sameVariable), as a search per
   * declarator of `var out` declared thousands of times in one function would read it thousands of times.
   */
  private usesOf(declarator: Node, name: string): { node: Node; parent: Node }[] {
    let found = this.uses.get(declarator);
    if (!found) {
      const { program, source } = this.bindings.file;
      const variable = this.declarators.sameVariable(declarator);
      found = usesOfName(declarationScope(program, declarator), source, name, [...variable]);
      for (const each of variable) this.uses.set(each, found);
    }
    return found;
  }

  /** Whether the file writes a name (isNameWrite) between a node's start and end, or may there through `with` or a direct eval. */
  writtenWithin(name: string, node: Node): boolean {
    const within = (offset: number) => node.start <= offset && offset < node.end;
    return (
      this.hasDirectEval ||
      (this.writes.get(name) ?? []).some(within) ||
      this.withBodies.some((body) => within(body.start) || within(body.end - 1) || (body.start <= node.start && node.end <= body.end))
    );
  }

  /**
   * Whether a declarator's name keeps its initialiser: not TypeScript's `declare const`; a `const` does; a `let` or `var` does
   * when no direct eval is in the file, it does not share its name with a parameter of its
   * function or catch clause, and it is not changed (changedDeclarators).
   */
  private keepsInitialiser(declarator: Node, name: string): boolean {
    const program = this.bindings.file.program;
    if (isAmbient(program, declarator)) return false;
    if (declaratorKind(program, declarator) === "const") return true;
    return !this.hasDirectEval && !varNamesParameter(program, declarator) && !this.changedDeclarators(name).has(declarator);
  }

  /**
   * A name's `let` and `var` declarators that may hold another value than their initialiser:
   * each whose scope holds a write of the name (every one around the write, not just the
   * innermost: a write in a parameter's default value is not in the function's own scope), and
   * each `var` whose scope another of the name shares (`var cmd = "git"; … var cmd = "curl …"`).
   * Worked out once per name.
   */
  private changedDeclarators(name: string): Set<Node> {
    let changed = this.changed.get(name);
    if (changed) return changed;
    changed = new Set();
    for (const offset of this.writes.get(name) ?? []) for (const declarator of this.declarators.allAt(name, offset)) changed.add(declarator);
    const program = this.bindings.file.program;
    const byScope = new Map<Node, Node>();
    for (const declarator of this.declarators.named(name)) {
      const scope = declarationScope(program, declarator);
      const other = byScope.get(scope);
      if (other) changed.add(other).add(declarator);
      else byScope.set(scope, declarator);
    }
    this.changed.set(name, changed);
    return changed;
  }

  /** A template's text, cooked (or raw, for `String.raw`), `${…}` for what it holds that cannot be worked out. */
  private template(node: Node, raw: boolean, depth: number): string {
    const quasis = node.quasis as Node[];
    const expressions = node.expressions as Node[];
    let out = "";
    for (let i = 0; i < quasis.length && out.length <= MAX_VALUE; i++) {
      const quasi = quasis[i]!.value as { cooked?: string | null; raw: string };
      out += raw ? quasi.raw : (quasi.cooked ?? quasi.raw);
      if (i < expressions.length) out += this.resolve(expressions[i], depth + 1) ?? "${…}";
    }
    return out;
  }

  /** The string a node surely evaluates to: resolve's, unless part of it is worked out at run time. */
  known(node: Node | undefined, depth = 0): string | undefined {
    const value = this.resolve(node, depth);
    return value?.includes("${…}") ? undefined : value;
  }

  /**
   * The string a node evaluates to, `${…}` for parts worked out at run time; undefined when none
   * of it is known, or when it is over MAX_VALUE (texts built from texts built from texts: a
   * kilobyte of constants can spell gigabytes).
   */
  resolve(wrapped: Node | undefined, depth = 0): string | undefined {
    const value = this.resolveNode(wrapped, depth);
    return value !== undefined && value.length <= MAX_VALUE ? value : undefined;
  }

  /**
   * A string the code decodes from one the file holds (decodingCall): `atob("…")`,
   * `Buffer.from("…", "base64").toString()` (or hex), `String.fromCharCode(99, 112)`; and
   * `.toString()` of a value. Code that hides a module's name or a host this way
   * (`require(atob("Y2hpbGRfcHJvY2Vzcw=="))`) names it as surely as a literal.
   */
  private decoded(call: Node, depth: number): string | undefined {
    const decoding = decodingCall(call, this.bindings, (node) => this.known(node, depth + 1));
    if (decoding) return decoding.decode();
    const callee = unwrap(call.callee as Node);
    // `x.toString()` is x's text; with an argument it may be a number's in another radix.
    return callee.type === "MemberExpression" && propertyName(callee) === "toString" && !(call.arguments as Node[]).length ? this.resolve(callee.object as Node, depth + 1) : undefined;
  }

  private resolveNode(wrapped: Node | undefined, depth: number): string | undefined {
    if (!wrapped || depth > 8) return undefined;
    const node = unwrap(wrapped);
    switch (node.type) {
      case "Literal":
        return typeof node.value === "string" || typeof node.value === "number" ? String(node.value) : undefined;
      case "TemplateLiteral":
        return this.template(node, false, depth);
      case "TaggedTemplateExpression": {
        // `String.raw\`…\``, and `dedent\`…\`` of the libraries that strip indentation (taggedText).
        const tagged = taggedText(node.tag as Node, this.bindings);
        const text = tagged && this.template(node.quasi as Node, tagged.raw, depth);
        return text === undefined ? undefined : tagged!.finish(text);
      }
      case "BinaryExpression": {
        if (node.operator !== "+") return undefined;
        const left = this.resolve(node.left as Node, depth + 1);
        const right = this.resolve(node.right as Node, depth + 1);
        if (left === undefined && right === undefined) return undefined;
        return `${left ?? "${…}"}${right ?? "${…}"}`;
      }
      case "Identifier": {
        const declarator = this.declaratorOf(node);
        if (!declarator) return this.isDestructuredHome(node) ? "~" : this.ownFileText(node);
        // Each constant's value is worked out once, so constants made of constants cost their
        // number, not the number of ways through them (and one that refers to itself is unknown).
        if (!this.initialValues.has(declarator)) {
          this.initialValues.set(declarator, undefined);
          this.initialValues.set(declarator, this.resolve(declarator.init as Node, depth + 1));
        }
        const value = this.initialValues.get(declarator);
        return value !== undefined && this.means(node, declarator) ? value : undefined;
      }
      case "NewExpression": {
        const callee = node.callee as Node;
        if (callee.type !== "Identifier" || callee.name !== "URL") return undefined;
        const [path, base] = (node.arguments as Node[]).map((arg) => this.resolve(arg, depth + 1));
        if (path === undefined) return undefined;
        try {
          return base === undefined ? path : new URL(path, base).toString();
        } catch {
          return base === undefined ? path : `${base}${path}`;
        }
      }
      case "CallExpression": {
        // ["a", "b"].join(" "): how long texts are often assembled.
        const callee = node.callee as Node;
        const joined = callee.type === "MemberExpression" && propertyName(callee) === "join" ? (callee.object as Node) : undefined;
        const array = joined?.type === "Identifier" ? this.constant(joined, isArray) : joined;
        if (array?.type === "ArrayExpression") {
          const separator = (node.arguments as Node[]).length ? this.resolve((node.arguments as Node[])[0], depth + 1) : ",";
          const parts = (array.elements as (Node | null)[]).map((element) => (element ? this.resolve(element, depth + 1) ?? "${…}" : ""));
          return parts.join(separator ?? ",");
        }
        const decoded = this.decoded(node, depth);
        if (decoded !== undefined) return decoded;
        const built = stringMethodCall(node, (part) => this.resolve(part, depth + 1), (part) => this.known(part, depth + 1));
        if (built !== undefined) return built;
        // `String(x)`: x's text, where String is the platform's.
        if (unwrap(callee).type === "Identifier" && unwrap(callee).name === "String" && !this.bindings.declaredNames.has("String")) return this.resolve((node.arguments as Node[])[0], depth + 1);
        const target = calleeTarget(callee, this.bindings);
        if (target === "os.homedir") return "~";
        if (target === "Deno.env.get") return HOME_VARIABLES.has(this.resolve((node.arguments as Node[])[0], depth + 1) ?? "") ? "~" : undefined;
        if (target && JOIN_CALLS.has(target)) {
          const parts = (node.arguments as Node[]).map((arg) => this.resolve(arg, depth + 1) ?? "${…}");
          return parts.length ? parts.join("/").replace(/\/{2,}/g, "/") : undefined;
        }
        return undefined;
      }
      case "MemberExpression": {
        // process.env.HOME / USERPROFILE and os.userInfo().homedir: the home folder.
        const name = propertyName(node);
        const object = unwrap(node.object as Node);
        if (name === "homedir" && object.type === "CallExpression") return calleeTarget(object.callee as Node, this.bindings) === "os.userInfo" ? "~" : undefined;
        if (!HOME_VARIABLES.has(name ?? "")) {
          const member = this.memberOfConstant(node);
          return member ? this.resolve(member, depth + 1) : this.ownFileText(node);
        }
        return isProcessEnv(object) || calleeTarget(object, this.bindings) === "Bun.env" || this.environment?.isEnvironment(object) ? "~" : undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * The value of a member of an object the file declares and nothing changes through its name
   * (StaticValues.constant): `TEXTS.add` of `const TEXTS = { add: "…" }`, `T.add.description` of
   * objects in objects (or in constants they name), as deep as ownFileText follows another
   * file's; not through an object the file gives a name of its own (`const a = T.add;
   * a.description = …`: readsThroughNamedMember). The last property of its name, unless a spread,
   * a computed key or an accessor after it may give it another value.
   */
  private memberOfConstant(member: Node): Node | undefined {
    const read = memberChain(member);
    if (read?.root.type !== "Identifier" || read.members.length > MAX_MEMBER_DEPTH) return undefined;
    const { root, members: chain } = read;
    // The name the object read from is held by, and where its part of the chain starts.
    let named = root;
    let from = 0;
    let holder = this.constant(root, isObject);
    for (let i = 0; i < chain.length; i++) {
      const value = holder && lastProperty(holder, chain[i]!);
      if (!value) return undefined;
      const next = unwrap(value);
      if (i === chain.length - 1 || next.type === "Identifier") {
        if (this.readsThroughNamedMember(named, chain.slice(from, i + 1))) return undefined;
        if (i === chain.length - 1) return value;
        [named, from, holder] = [next, i + 1, this.constant(next, isObject)];
      } else holder = next;
    }
    return undefined;
  }

  /**
   * Whether a read of a member path of what a name holds goes through an object the file gives
   * a name of its own, or destructures (`const a = T.add`, `a = T.tools.add`, `({ add } =
   * T.tools)`, `T[k]` for any member): through that name its members may change, which changesOf
   * does not see. The paths so named are found among every identifier of the name, namesakes
   * too, erring toward it; once per name.
   */
  readsThroughNamedMember(root: Node, path: readonly string[]): boolean {
    const name = root.name as string;
    let named = this.namedMembers.get(name);
    if (!named) {
      named = this.identifiers.named(name).flatMap((use) => {
        const { outer, around } = memberChainAround(use, this.bindings.file.program);
        if (outer === use.node || !nameGivenTo(outer, around)) return [];
        const keys: (string | null)[] = [];
        for (let each = outer; each !== use.node; each = unwrap(each.object as Node)) keys.unshift(propertyName(each) ?? null);
        return [keys];
      });
      this.namedMembers.set(name, named);
    }
    return named.some((keys) => keys.length < path.length && keys.every((key, i) => key === null || key === path[i]));
  }

  /** A text read from one of the package's own files (`DESCRIPTION` of `import { DESCRIPTION } from "./texts.js"`, `texts.TOOLS.add`), where the package's analysis knows it (BoundFile.ownFileText). */
  private ownFileText(node: Node): string | undefined {
    return this.ownFileRead(node, this.bindings.file.ownFileText);
  }

  /** The reading of a tool's input schema read from one of the package's own files (BoundFile.ownFileSchema), as schemaAnswer gives it. */
  ownFileSchema(node: Node): string | undefined {
    return this.ownFileRead(node, this.bindings.file.ownFileSchema);
  }

  /**
   * What another of the package's files answers for members read from it (`answer`), where the
   * name read from is the import's, not a namesake's (a parameter of the same name: `function
   * register(DESCRIPTION) { … }`), and not one the file gives another value (`let { A } =
   * require("./texts"); A = …`, in any scope, or through eval); none for a member whose name
   * holds a dot, which a member path (`TOOLS.add`) cannot tell from two.
   */
  private ownFileRead(node: Node, answer: ((specifier: string, members: readonly string[]) => string | undefined) | undefined): string | undefined {
    const read = answer && ownCodeRead(node, this.bindings);
    if (!read || !read.members.length || read.members.some((member) => member.includes("."))) return undefined;
    if (!read.name) return answer(read.module, read.members);
    const { identifier, binding } = read.name;
    // Writes of the name other than the declarations that bind it (`const { A } = require(…)` is one).
    const own = (offset: number) => binding.declarations.some((declaration) => declaration.start <= offset && offset < declaration.end);
    const rebound = this.hasDirectEval || this.withBodies.length > 0 || (this.writes.get(identifier.name as string) ?? []).some((offset) => !own(offset));
    return !rebound && this.readsImport(identifier, binding) ? answer(read.module, read.members) : undefined;
  }

  /** Whether an identifier is a use of the import (or require) its name is bound to where it stands: searched once per binding. */
  private readsImport(identifier: Node, binding: Binding): boolean {
    if (!binding.declarations.length) return false;
    let uses = this.importUses.get(binding);
    if (!uses) {
      const { program, source } = this.bindings.file;
      uses = new Set(binding.declarations.flatMap((declaration) => usesOfName(declarationScope(program, declaration), source, identifier.name as string, binding.declarations).map((use) => use.node)));
      this.importUses.set(binding, uses);
    }
    return uses.has(identifier);
  }

  /** Whether a name is the home folder taken out of the environment (`const { HOME } = process.env`, also `{ HOME: home }`, of the environment under any name). */
  private isDestructuredHome(identifier: Node): boolean {
    // Asked of every name resolve meets without a constant: looked into only for names a pattern
    // takes out of a HOME key, in files that spell one.
    if (!this.environment || !(this.spellsHome ??= /HOME|USERPROFILE/.test(this.bindings.file.source))) return false;
    if (!this.takenUses(identifier.name as string).some((use) => HOME_VARIABLES.has(patternKeyOf(use) ?? ""))) return false;
    const taken = this.destructuredWith(identifier);
    return taken !== undefined && HOME_VARIABLES.has(taken.key) && this.environment.isEnvironment(taken.init);
  }

  /**
   * The identifiers of a name that destructuring patterns give a value (`data` of `{ data }`, `h`
   * of `{ HOME: h }`): every name's found in one pass over the file's identifiers, as resolve asks
   * of thousands of names in a bundle, most never destructured.
   */
  private takenUses(name: string): readonly IdentifierUse[] {
    if (!this.patternUses) {
      this.patternUses = new Map();
      for (const use of this.identifiers.where(isPatternValue)) {
        if (patternKeyOf(use) === undefined) continue;
        const named = this.patternUses.get(use.node.name as string);
        if (named) named.push(use);
        else this.patternUses.set(use.node.name as string, [use]);
      }
    }
    return this.patternUses.get(name) ?? [];
  }

  /**
   * The key and the initialiser of the destructuring declaration a name means where it is used
   * (`data` of `const { data } = await axios.get(url)`, `h` of `const { HOME: h } = process.env`),
   * at the pattern's top level; undefined for any other name.
   */
  destructuredWith(identifier: Node): { key: string; init: Node } | undefined {
    const name = identifier.name as string;
    const taken = this.takenUses(name);
    if (!taken.length) return undefined;
    const { program, source } = this.bindings.file;
    for (const use of taken) {
      const key = patternKeyOf(use)!;
      const declarator = ancestorsOf(program, use.grandparent!).at(-1);
      if (declarator?.type !== "VariableDeclarator" || declarator.id !== use.grandparent || !declarator.init) continue;
      if (usesOfName(declarationScope(program, declarator), source, name, [declarator]).some((use) => use.node === identifier)) return { key, init: declarator.init as Node };
    }
    return undefined;
  }
}

/** Whether an identifier is the value a destructuring pattern's property gives (`h` of `{ HOME: h }`). */
const isPatternValue = (node: Node, parent: Node, grandparent: Node | undefined) => parent.type === "Property" && parent.value === node && grandparent?.type === "ObjectPattern";

/** The key a use of a name is taken out under, where a destructuring pattern's property gives it its value (`{ HOME: h }`). */
function patternKeyOf({ node, parent, grandparent }: IdentifierUse): string | undefined {
  return isPatternValue(node, parent, grandparent) ? keyName(parent) : undefined;
}

/** The host of a URL-like string, when it is known (not a `${…}` placeholder). */
export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  // The authority ends where URL parsers end it (`\\` too), and its user part at its last `@`:
  // `https://api.github.com:x@evil.example/` goes to evil.example. A part worked out at run time
  // anywhere in it may move the host.
  const authority = /^(?:[a-z][a-z0-9+.-]*:)?\/\/([^/?#\\]*)/i.exec(url)?.[1];
  if (!authority || authority.includes("${…}")) return undefined;
  const hostAndPort = authority.slice(authority.lastIndexOf("@") + 1);
  const host = hostAndPort.startsWith("[") ? hostAndPort.slice(0, hostAndPort.indexOf("]") + 1) : hostAndPort.split(":")[0];
  return host ? host.toLowerCase() : undefined;
}

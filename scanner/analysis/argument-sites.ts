import { type Node, patternNames } from "@/scanner/analysis/ast";
import { declaresName, type IdentifierIndex, isReference } from "@/scanner/analysis/identifier-index";
import { ancestorsOf, declarationScope, FUNCTIONS, usesOfName } from "@/scanner/analysis/name-uses";
import type { StaticValues } from "@/scanner/analysis/static-value";

/** A call that gives an argument its value, with the argument there. */
export interface ArgumentSite {
  call: Node;
  arg: Node | undefined;
  /** The file's own function the value went through to reach the first call, when it did. */
  through?: string;
}

/** How a finding at a site names the call it is about: `fs.readFileSync`, or `fs.readFileSync in load(), line 3` at a call of a wrapper. */
export const calledAt = (site: { through?: string }, target: string, line: number) => (site.through ? `${target} in ${site.through}(), line ${line}` : target);

interface SourceFile {
  program: Node;
  source: string;
  values: StaticValues;
  identifiers: IdentifierIndex;
}

/** A function of the file whose parameter is the argument, with the calls that give it values. */
interface Wrapper {
  fn: Node;
  name: string;
  index: number;
  calls: Node[];
  /** Whether those calls are surely all it gets: not exported, handed on as a value, assigned over or reached otherwise (asked last: it may walk the file). */
  complete: () => boolean;
}

// Wrappers of wrappers (`git(args)` → `run("git", args)` → `execFile(cmd, args)`) go this deep, and
// give at most this many calls: past them the value is worked out at run time.
const MAX_DEPTH = 4;
const MAX_SITES = 64;

/** A value an argument takes, at the call that gives it (the argument's own call, or a call of a wrapper around it). */
export interface ArgumentValue<T> {
  call: Node;
  through?: string;
  value: T | undefined;
}

/**
 * The values a call's argument takes (argumentSites), as `valueOf` works them out at each site:
 * each one worked out at the call that gives it, and, when any is not (or the wrapper's calls
 * need not be all), the argument's own call once, as worked out at run time. A wrapper called
 * in ten places with values nothing can work out stays one finding.
 */
export function argumentValues<T>(file: SourceFile, call: Node, arg: Node | undefined, valueOf: (site: ArgumentSite) => T | undefined): ArgumentValue<T>[] {
  const values: ArgumentValue<T>[] = [];
  const { sites, wrappers } = argumentSites(file, call, arg);
  let unknown = false;
  for (const site of sites) {
    const value = valueOf(site);
    if (value === undefined) unknown = true;
    else values.push({ call: site.call, through: site.through, value });
  }
  // Whether the wrappers' calls are surely all costs a walk of the file: asked only when it decides.
  if (unknown || !wrappers.every((wrapper) => wrapper.complete())) values.push({ call, value: undefined });
  return values;
}

/**
 * The calls that give a call's argument its value, and the wrappers they went through. Mostly
 * the call itself; but where the argument is a parameter of a function of the file (`function
 * run(cmd) { return execSync(cmd) }`, also an arrow or function expression a `const` names) that
 * the file calls by name (`run("git status")`), each such call with what it passes there,
 * through wrappers of wrappers. Past MAX_SITES calls, the call itself, as worked out at run time.
 */
function argumentSites(file: SourceFile, call: Node, arg: Node | undefined): { sites: ArgumentSite[]; wrappers: Wrapper[] } {
  const found = { sites: [] as ArgumentSite[], wrappers: [] as Wrapper[] };
  collect(file, { call, arg }, 0, new Map(), found);
  return found.sites.length > MAX_SITES ? { sites: [{ call, arg: undefined }], wrappers: [] } : found;
}

function collect(file: SourceFile, site: ArgumentSite, depth: number, entered: Map<Node, Set<number>>, found: { sites: ArgumentSite[]; wrappers: Wrapper[] }): void {
  const { arg } = site;
  const wrapper = depth < MAX_DEPTH && arg?.type === "Identifier" && file.values.resolve(arg) === undefined ? wrapperOf(file, site.call, arg) : undefined;
  if (!wrapper) {
    found.sites.push(site);
    return;
  }
  // A function calling itself with its own parameter passes on nothing its callers did not.
  const indexes = entered.get(wrapper.fn) ?? new Set<number>();
  if (indexes.has(wrapper.index)) return;
  entered.set(wrapper.fn, indexes.add(wrapper.index));
  found.wrappers.push(wrapper);
  for (const call of wrapper.calls) {
    if (found.sites.length > MAX_SITES) return;
    const args = call.arguments as Node[];
    const spread = args.slice(0, wrapper.index + 1).some((each) => each.type === "SpreadElement");
    collect(file, { call, arg: spread ? undefined : args[wrapper.index], through: site.through ?? wrapper.name }, depth + 1, entered, found);
  }
}

/** The function around a call whose parameter an identifier there is, when the file names it and calls it by that name. */
function wrapperOf(file: SourceFile, call: Node, param: Node): Wrapper | undefined {
  const asked = lookups.get(file.program) ?? 0;
  if (asked >= MAX_LOOKUPS) return undefined;
  lookups.set(file.program, asked + 1);
  const name = param.name as string;
  const ancestors = ancestorsOf(file.program, call);
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const fn = ancestors[i]!;
    if (!FUNCTIONS.has(fn.type)) continue;
    const params = fn.params as Node[];
    const declared = params.findIndex((each) => each.type === "Identifier" && each.name === name);
    if (declared === -1) continue;
    // The parameter must be what the call reads (not an inner namesake's, nor the last of two
    // parameters so named), and hold what it was given (nothing in the function writes it).
    if (params.some((each, at) => at !== declared && patternNames(each).some((other) => other.name === name))) return undefined;
    if (!usesOf(file, fn, params[declared]!).some((use) => use.node === param) || file.values.writtenWithin(name, fn)) return undefined;
    // TypeScript's `this: T` is not an argument.
    const index = declared - (params[0]?.type === "Identifier" && params[0].name === "this" ? 1 : 0);
    const named = namedAs(file, fn, ancestors, i);
    if (!named) return undefined;
    const uses = usesOf(file, named.scope, named.id).filter(isReference);
    const calls = uses.filter((use) => use.parent.type === "CallExpression" && use.parent.callee === use.node).map((use) => use.parent);
    const path = ancestors.slice(0, i + 1);
    let complete: boolean | undefined;
    const isComplete = () => (complete ??= !named.exported && calls.length === uses.length && !file.values.hasDirectEval && isStrict(file.program, path) && onlyCalled(file, fn, params[declared]!, named.id, calls));
    return { fn, name: named.id.name as string, index, calls, complete: isComplete };
  }
  return undefined;
}

/**
 * Whether the calls found are surely all a wrapper gets, by every identifier of the file however
 * spelt (escapes, a non-ASCII space before it, which the text search behind usesOf misses): its
 * name is only the declaration, one of those calls, or a member's or key's name, and no other
 * declaration of its parameter's name is inside it. With strict code (sloppy code's `arguments[0]
 * = …` and `run.caller` reach the parameter and the function unseen) and no direct eval, which
 * can call or change anything, the calls found are the function's only callers.
 */
function onlyCalled(file: SourceFile, fn: Node, param: Node, id: Node, calls: Node[]): boolean {
  const { identifiers } = file;
  const inside = (node: Node) => fn.start <= node.start && node.end <= fn.end;
  if (identifiers.named(param.name as string).some((use) => use.node !== param && inside(use.node) && declaresName(use))) return false;
  return identifiers.named(id.name as string).every((use) => use.node === id || !isReference(use) || calls.includes(use.parent));
}

// A file's wrappers are looked up at most this many times: each lookup searches the scope the
// wrapper's name is declared in.
const MAX_LOOKUPS = 256;
const lookups = new WeakMap<Node, number>();

/** Whether code inside the last of these nodes (the program, then the nodes down to it) is strict: a module, a class, or under a "use strict" directive. */
function isStrict(program: Node, path: Node[]): boolean {
  if (program.sourceType === "module") return true;
  const directs = (statements: unknown) => {
    for (const statement of (statements as Node[] | undefined) ?? []) {
      if (statement.type !== "ExpressionStatement" || typeof statement.directive !== "string") return false;
      if (statement.directive === "use strict") return true;
    }
    return false;
  };
  return path.some((node) => node.type === "ClassBody" || (node.type === "Program" && directs(node.body)) || (FUNCTIONS.has(node.type) && directs((node.body as Node).body)));
}

/** The name a function is declared or assigned under (`function run`, `const run = (…) => …`), where its uses are, and whether it is exported. */
function namedAs(file: SourceFile, fn: Node, ancestors: Node[], at: number): { id: Node; scope: Node; exported: boolean } | undefined {
  const isExport = (node: Node | undefined) => node?.type === "ExportNamedDeclaration" || node?.type === "ExportDefaultDeclaration";
  if (fn.type === "FunctionDeclaration") {
    return fn.id ? { id: fn.id as Node, scope: declarationScope(file.program, fn), exported: isExport(ancestors[at - 1]) } : undefined;
  }
  // A function expression's own name is called from inside it, with values of its own.
  if (fn.id) return undefined;
  const declarator = ancestors[at - 1];
  if (declarator?.type !== "VariableDeclarator" || declarator.init !== fn || (declarator.id as Node).type !== "Identifier") return undefined;
  return { id: declarator.id as Node, scope: declarationScope(file.program, declarator), exported: isExport(ancestors[at - 3]) };
}

const usesByDeclaration = new WeakMap<Node, { node: Node; parent: Node }[]>();

/** The uses of the name an identifier declares, in the scope it declares it in. */
function usesOf(file: SourceFile, scope: Node, id: Node): { node: Node; parent: Node }[] {
  let uses = usesByDeclaration.get(id);
  if (!uses) usesByDeclaration.set(id, (uses = usesOfName(scope, file.source, id.name as string, [id])));
  return uses;
}


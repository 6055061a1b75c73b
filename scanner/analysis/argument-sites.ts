import type { Node } from "@/scanner/analysis/ast";
import { ancestorsOf, declarationScope, usesOfName } from "@/scanner/analysis/name-uses";
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
}

/** A function of the file whose parameter is the argument, with the calls that give it values. */
interface Wrapper {
  fn: Node;
  name: string;
  index: number;
  calls: Node[];
  /** Whether those calls are all it gets: not exported, not handed on as a value, not assigned over. */
  complete: boolean;
}

const FUNCTIONS = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);
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
  let unknown = false;
  for (const site of argumentSites(file, call, arg)) {
    const value = valueOf(site);
    if (value === undefined) unknown = true;
    else values.push({ call: site.call, through: site.through, value });
  }
  if (unknown) values.push({ call, value: undefined });
  return values;
}

/**
 * The calls that give a call's argument its value. Mostly the call itself; but where the argument
 * is a parameter of a function of the file (`function run(cmd) { return execSync(cmd) }`, also an
 * arrow or function expression a `const` names) that the file calls by name (`run("git status")`),
 * each such call with what it passes there, through wrappers of wrappers. The call itself stays
 * among them unless those calls are surely all: the function is not exported, handed on as a
 * value, assigned over or called through `arguments`, and nothing in it writes the parameter.
 */
function argumentSites(file: SourceFile, call: Node, arg: Node | undefined): ArgumentSite[] {
  const sites: ArgumentSite[] = [];
  collect(file, { call, arg }, 0, new Map(), sites);
  return sites.length > MAX_SITES ? [{ call, arg }] : sites;
}

function collect(file: SourceFile, site: ArgumentSite, depth: number, entered: Map<Node, Set<number>>, sites: ArgumentSite[]): void {
  const { arg } = site;
  const wrapper = depth < MAX_DEPTH && arg?.type === "Identifier" && file.values.resolve(arg) === undefined ? wrapperOf(file, site.call, arg) : undefined;
  if (!wrapper) {
    sites.push(site);
    return;
  }
  // A function calling itself with its own parameter passes on nothing its callers did not.
  const indexes = entered.get(wrapper.fn) ?? new Set<number>();
  if (indexes.has(wrapper.index)) return;
  entered.set(wrapper.fn, indexes.add(wrapper.index));
  if (!wrapper.complete) sites.push(site);
  for (const call of wrapper.calls) {
    if (sites.length > MAX_SITES) return;
    const args = call.arguments as Node[];
    const spread = args.slice(0, wrapper.index + 1).some((each) => each.type === "SpreadElement");
    collect(file, { call, arg: spread ? undefined : args[wrapper.index], through: site.through ?? wrapper.name }, depth + 1, entered, sites);
  }
}

/** The function around a call whose parameter an identifier there is, when the file names it and calls it by that name. */
function wrapperOf(file: SourceFile, call: Node, param: Node): Wrapper | undefined {
  const name = param.name as string;
  const ancestors = ancestorsOf(file.program, call);
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const fn = ancestors[i]!;
    if (!FUNCTIONS.has(fn.type)) continue;
    const params = fn.params as Node[];
    const declared = params.findIndex((each) => each.type === "Identifier" && each.name === name);
    if (declared === -1) continue;
    if (!usesOf(file, fn, params[declared]!).some((use) => use.node === param)) return undefined;
    // TypeScript's `this: T` is not an argument.
    const index = declared - (params[0]?.type === "Identifier" && params[0].name === "this" ? 1 : 0);
    // `arguments[0] = …` in sloppy code and a direct eval can change the parameter unseen.
    if (file.values.writtenWithin(name, fn) || mentions(file.source, fn, "arguments") || mentions(file.source, fn, "eval")) return undefined;
    const named = namedAs(file, fn, ancestors, i);
    if (!named) return undefined;
    const uses = usesOf(file, named.scope, named.id).filter(isReference);
    const calls = uses.filter((use) => use.parent.type === "CallExpression" && use.parent.callee === use.node).map((use) => use.parent);
    const complete = !named.exported && calls.length === uses.length && !file.values.writtenWithin(named.id.name as string, file.program);
    return { fn, name: named.id.name as string, index, calls, complete };
  }
  return undefined;
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

/** Whether a use of a name refers to it: not a member's or a key's name (`a.run`, `{ run: 1 }`). */
function isReference({ node, parent }: { node: Node; parent: Node }): boolean {
  if (parent.computed) return true;
  if (parent.type === "MemberExpression") return parent.property !== node;
  if (parent.type === "Property" || parent.type === "MethodDefinition" || parent.type === "PropertyDefinition") return parent.key !== node || parent.value === node;
  return true;
}

const usesByDeclaration = new WeakMap<Node, { node: Node; parent: Node }[]>();

/** The uses of the name an identifier declares, in the scope it declares it in. */
function usesOf(file: SourceFile, scope: Node, id: Node): { node: Node; parent: Node }[] {
  let uses = usesByDeclaration.get(id);
  if (!uses) usesByDeclaration.set(id, (uses = usesOfName(scope, file.source, id.name as string, [id])));
  return uses;
}

function mentions(source: string, node: Node, word: string): boolean {
  const at = source.indexOf(word, node.start);
  return at !== -1 && at < node.end;
}

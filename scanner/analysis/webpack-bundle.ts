import { type Node, propertyName, walk } from "@/scanner/analysis/ast";
import type { BoundFile } from "@/scanner/analysis/bindings";
import { declarationScope } from "@/scanner/analysis/name-uses";

/**
 * A webpack bundle in a file (ncc's too): its modules are functions in a table keyed by id, run
 * by a loader (`__webpack_require__`, ncc's `__nccwpck_require__`, minified `r`) that hands each
 * module itself as its third parameter. Node's modules are table entries that only hand one on
 * (`147: (e) => { e.exports = require("fs") }`), and the bundle's code loads them by id
 * (`const fs = r(147)`): no module name where the calls are.
 */
export interface WebpackBundle {
  /** The ids of the table's entries that hand on a module from outside the bundle, with its name. */
  external: Map<string, string>;
  /** The loader's own names, with the scope each is declared in. */
  loaders: Map<string, Node>;
  /** The table's modules that take the loader as their third parameter, in source order. */
  modules: Node[];
}

const FUNCTIONS = new Set(["ArrowFunctionExpression", "FunctionExpression"]);

// Loaders are a few hundred characters; a longer function is something else, and is not read.
const MAX_LOADER_LENGTH = 1000;

/** A table entry's id: `147:`, `"./src/x.js":`, or `fs:` once a minifier unquoted it. */
function idOf(property: Node): string | undefined {
  if (property.type !== "Property" || property.computed || !FUNCTIONS.has((property.value as Node).type)) return undefined;
  const key = property.key as Node;
  if (key.type === "Identifier") return key.name as string;
  return key.type === "Literal" && (typeof key.value === "number" || typeof key.value === "string") ? String(key.value) : undefined;
}

/**
 * The table a loader runs its modules from: a one-parameter function that calls `table[id](…)` or
 * `table[id].call(…)` handing on itself, as every webpack runtime's loader does. Known by what it
 * does, not by its name: a function called `__webpack_require__` that returns something else
 * must not make the modules it is given look like Node's.
 */
function tableOfLoader(loader: Node, source: string): string | undefined {
  const params = loader.params as Node[];
  const name = (loader.id as Node | null)?.name;
  if (params.length !== 1 || params[0]!.type !== "Identifier" || typeof name !== "string" || loader.end - loader.start > MAX_LOADER_LENGTH) return undefined;
  if (!source.slice(loader.start, loader.end).includes("exports")) return undefined;
  const id = params[0]!.name;
  let table: string | undefined;
  walk(loader.body as Node, (node) => {
    if (table !== undefined || node.type !== "CallExpression" || !(node.arguments as Node[]).some((arg) => arg.type === "Identifier" && arg.name === name)) return;
    const callee = node.callee as Node;
    const entry = callee.type === "MemberExpression" && !callee.computed && propertyName(callee) === "call" ? (callee.object as Node) : callee;
    const object = entry.object as Node | undefined;
    if (entry.type === "MemberExpression" && entry.computed && (entry.property as Node).type === "Identifier" && (entry.property as Node).name === id && object?.type === "Identifier") table = object.name as string;
  });
  return table;
}

/** What a module hands on, when all it does is `module.exports = <expression>`. */
function handedOn(module: Node): Node | undefined {
  const exported = (module.params as Node[])[0];
  if (exported?.type !== "Identifier") return undefined;
  const body = module.body as Node;
  // A block of one statement, after a "use strict" directive.
  const statements = body.type === "BlockStatement" ? (body.body as Node[]).filter((statement) => statement.directive === undefined) : [];
  const expression = body.type === "BlockStatement" ? (statements.length === 1 && statements[0]!.type === "ExpressionStatement" ? (statements[0]!.expression as Node) : undefined) : body;
  if (expression?.type !== "AssignmentExpression" || expression.operator !== "=") return undefined;
  const target = expression.left as Node;
  const isExports = target.type === "MemberExpression" && propertyName(target) === "exports" && (target.object as Node).type === "Identifier" && (target.object as Node).name === exported.name;
  return isExports ? (expression.right as Node) : undefined;
}

/**
 * The webpack bundles among a file's declarations (moduleBindings' list): each loader and its
 * table, with the ids of the table's modules that hand on another module, as `moduleOf` names it.
 */
export function webpackBundles(declarations: Node[], file: BoundFile, moduleOf: (expression: Node) => string | undefined): WebpackBundle[] {
  const loadersByTable = new Map<string, Map<string, Node>>();
  for (const node of declarations) {
    const loader = node.type === "FunctionDeclaration" ? node : undefined;
    const table = loader && tableOfLoader(loader, file.source);
    if (table !== undefined) loadersByTable.set(table, (loadersByTable.get(table) ?? new Map()).set((loader!.id as Node).name as string, declarationScope(file.program, loader!)));
  }
  if (!loadersByTable.size) return [];
  const bundles: WebpackBundle[] = [];
  for (const node of declarations) {
    const loaders = node.type === "VariableDeclarator" && (node.id as Node).type === "Identifier" ? loadersByTable.get((node.id as Node).name as string) : undefined;
    const init = node.init as Node | null | undefined;
    if (!loaders || init?.type !== "ObjectExpression") continue;
    const bundle: WebpackBundle = { external: new Map(), loaders, modules: [] };
    for (const property of init.properties as Node[]) {
      const id = idOf(property);
      if (id === undefined) continue;
      const module = property.value as Node;
      if ((module.params as Node[])[2]?.type === "Identifier") bundle.modules.push(module);
      const exported = handedOn(module);
      const name = exported && moduleOf(exported);
      if (name !== undefined) bundle.external.set(id, name);
    }
    if (bundle.external.size) bundles.push(bundle);
  }
  return bundles;
}

/** The table module around an offset, if any: they are in source order and do not nest. */
function moduleAt(modules: Node[], offset: number): Node | undefined {
  let low = 0;
  let high = modules.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const module = modules[mid]!;
    if (module.end <= offset) low = mid + 1;
    else if (module.start > offset) high = mid - 1;
    else return module;
  }
  return undefined;
}

/** Whether a name at an offset is a bundle's loader: its own name where it is declared, or the third parameter of the module around it. */
export function isLoaderAt(bundle: WebpackBundle, name: string, offset: number): boolean {
  const scope = bundle.loaders.get(name);
  if (scope && scope.start <= offset && offset < scope.end) return true;
  const around = moduleAt(bundle.modules, offset);
  return around !== undefined && ((around.params as Node[])[2]!.name as string) === name;
}

/** The module from outside the bundle a call loads: `r(147)` with `r` (the call's callee, unwrapped) a loader where it is called. */
export function loadedModule(call: Node, callee: Node, bundles: WebpackBundle[]): string | undefined {
  const args = call.arguments as Node[];
  const id = args.length === 1 && args[0]!.type === "Literal" ? args[0]!.value : undefined;
  if (callee.type !== "Identifier" || (typeof id !== "number" && typeof id !== "string")) return undefined;
  for (const bundle of bundles) {
    const module = bundle.external.get(String(id));
    if (module !== undefined && isLoaderAt(bundle, callee.name as string, call.start)) return module;
  }
  return undefined;
}

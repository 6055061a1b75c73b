import { moduleExportName, type Node, propertyName, walk } from "@/scanner/analysis/ast";
import { type BoundFile, chooseModule, moduleRank } from "@/scanner/analysis/bindings";
import { ancestorsOf, DeclaratorsByName, declarationScope } from "@/scanner/analysis/name-uses";
import { topLevelExports } from "@/scanner/analysis/top-level-exports";
import { appendAll } from "@/scanner/append-all";

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
  /** For a file's part of a bundle whose main file is another (chunkParts): what the package's other files define. */
  otherFiles?: WebpackExternals;
  /** The loader's own names, with the scope each is declared in. */
  loaders: Map<string, Node>;
  /** The table's modules that take the loader as their third parameter, in source order. */
  modules: Node[];
}

/**
 * Modules from outside a package's bundles, by the ids its bundles give them: every module an id
 * is given, in the order the files were read. Two builds of one package may give an id to different
 * modules, and a file that nothing loads may give it a harmless one as a decoy.
 */
export type WebpackExternals = ReadonlyMap<string, readonly string[]>;

/** A file's webpack bundles, and the same by the ids of their external modules: a crafted file may hold thousands. */
export interface WebpackBundles {
  all: WebpackBundle[];
  byId: Map<string, WebpackBundle[]>;
  /** The external modules the file's bundles and chunks define, by id: chunks in other files load them so. */
  defined: Map<string, string[]>;
  /** The bundle of the file's part of a bundle whose main file is another (chunkParts), which loads other files' externals too. */
  chunk?: WebpackBundle;
}

// Of the modules one id is given, Node's own are all kept (there are a few dozen), and this many
// others: thousands of files each giving an id another package would otherwise make every load
// of it thousands of candidates.
const MAX_OTHER_CANDIDATES = 16;

/** Adds a module an id is given to externals, unless it is there already (or too many others are); returns whether it was added. */
export function addExternal(externals: Map<string, string[]>, id: string, module: string): boolean {
  const modules = externals.get(id);
  if (!modules) externals.set(id, [module]);
  else if (modules.includes(module)) return false;
  else if (moduleRank(module) < 2 && modules.filter((other) => moduleRank(other) < 2).length >= MAX_OTHER_CANDIDATES) return false;
  else modules.push(module);
  return true;
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

/** A table's modules by id: an object's (`{ 147: (e) => … }`), or an array's by index (webpack 4, and 5's natural ids). */
function modulesOf(table: Node): [string, Node][] {
  if (table.type === "ArrayExpression") {
    return (table.elements as (Node | null)[]).flatMap((element, index): [string, Node][] => (element && FUNCTIONS.has(element.type) ? [[String(index), element]] : []));
  }
  if (table.type !== "ObjectExpression") return [];
  return (table.properties as Node[]).flatMap((property): [string, Node][] => {
    const id = idOf(property);
    return id === undefined ? [] : [[id, property.value as Node]];
  });
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

/**
 * What a module hands on, when all it does is `module.exports = <expression>`, after a "use
 * strict" directive and the helper variables webpack declares for an ES module external.
 */
function exportedByModule(module: Node): Node | undefined {
  const exported = (module.params as Node[])[0];
  if (exported?.type !== "Identifier") return undefined;
  const body = module.body as Node;
  const statements = body.type === "BlockStatement" ? (body.body as Node[]).filter((statement) => statement.directive === undefined) : [];
  const last = statements.at(-1);
  const onlyHelpersBefore = statements.slice(0, -1).every((statement) => statement.type === "VariableDeclaration");
  const expression = body.type === "BlockStatement" ? (last?.type === "ExpressionStatement" && onlyHelpersBefore ? (last.expression as Node) : undefined) : body;
  if (expression?.type !== "AssignmentExpression" || expression.operator !== "=") return undefined;
  const target = expression.left as Node;
  const isExports = target.type === "MemberExpression" && propertyName(target) === "exports" && (target.object as Node).type === "Identifier" && (target.object as Node).name === exported.name;
  return isExports ? (expression.right as Node) : undefined;
}

/**
 * The module object whose members an ES module external re-exports through getters:
 * `x({ ["spawn"]: () => (__WEBPACK_EXTERNAL_MODULE_child_process__.spawn) })`, webpack's form
 * when only some names are used.
 */
function reExported(expression: Node): Node | undefined {
  const getters = expression.type === "CallExpression" && (expression.arguments as Node[]).length === 1 ? (expression.arguments as Node[])[0]! : undefined;
  if (getters?.type !== "ObjectExpression") return undefined;
  let object: Node | undefined;
  for (const property of getters.properties as Node[]) {
    const getter = property.value as Node | undefined;
    const value = getter?.type === "ArrowFunctionExpression" && getter.expression ? (getter.body as Node) : undefined;
    const owner = value?.type === "MemberExpression" ? (value.object as Node) : undefined;
    if (owner?.type !== "Identifier" || (object !== undefined && object.name !== owner.name)) return undefined;
    object = owner;
  }
  return object;
}

/**
 * The table a loader runs, by its name: a variable holding an object or array of functions, or
 * (webpack 4, ncc before 0.25) the argument a bootstrap function called at once gets for the
 * parameter of that name, in which the loader is declared.
 */
function tableNamed(name: string, loader: Node, declared: DeclaratorsByName, program: Node): Node | undefined {
  // Of the variables so named (minified files have many), the one whose scope is innermost around the loader.
  const variable = declared.at(name, loader.start);
  if (variable) return variable.init as Node;
  const ancestors = ancestorsOf(program, loader);
  for (let i = ancestors.length - 1; i > 0; i--) {
    const bootstrap = ancestors[i]!;
    const position = FUNCTIONS.has(bootstrap.type) ? (bootstrap.params as Node[]).findIndex((param) => param.type === "Identifier" && param.name === name) : -1;
    if (position === -1) continue;
    const call = ancestors[i - 1]!;
    return call.type === "CallExpression" && call.callee === bootstrap ? (call.arguments as Node[])[position] : undefined;
  }
  return undefined;
}

/** The values of a file's top-level variables, by name: a chunk's table may be held in one before it is exported. */
function topLevelVariables(program: Node): Map<string, Node> {
  const variables = new Map<string, Node>();
  for (const statement of program.body as Node[]) {
    const declaration = statement.type === "ExportNamedDeclaration" ? (statement.declaration as Node | null) : statement;
    if (declaration?.type !== "VariableDeclaration") continue;
    for (const declarator of declaration.declarations as Node[]) {
      if ((declarator.id as Node).type === "Identifier" && declarator.init) variables.set((declarator.id as Node).name as string, declarator.init as Node);
    }
  }
  return variables;
}

// A split chunk exports its table of modules beside the list of its ids, under these names: webpack's
// and ncc's CommonJS chunks, and webpack's ES module chunks in each version's names (plain, then
// __webpack_…__, now __webpack_esm_…__).
const CHUNK_EXPORTS = [
  ["modules", "ids"],
  ["__webpack_modules__", "__webpack_ids__"],
  ["__webpack_esm_modules__", "__webpack_esm_ids__"],
] as const;

// What Rspack's runtime file exports: the loader (`rspackRequire` since Rspack 2) and, in Rspack 2,
// the table apart from it, with which the other files register their modules.
const RUNTIME_LOADERS = new Set(["__webpack_require__", "rspackRequire"]);
const RUNTIME_TABLES = new Set(["moduleFactories"]);

/**
 * The part of a bundle a file holds when the bundle's main file is another: the tables of its split
 * chunks, the code the main file loads when it needs it (`import()`); and Rspack's ES module
 * output, which imports the loader (`import { __webpack_require__ as e } from "./rslib-runtime.js"`)
 * and registers its modules with it (`e.add({ … })`, or Rspack 2's `moduleFactories.add({ … })`).
 * Their modules load the bundle's modules by id with their third parameter, as a bundle's own do,
 * and the imported loader wherever the file calls it.
 */
function chunkParts(program: Node): { tables: Node[]; loaders: Map<string, Node> } {
  const variables = topLevelVariables(program);
  const valueOf = (node: Node | undefined) => (node?.type === "Identifier" ? (variables.get(node.name as string) ?? node) : node);
  const exported = new Map<string | undefined, Node>();
  for (const { name, value } of topLevelExports(program)) exported.set(name, value);
  const tables = CHUNK_EXPORTS.flatMap(([modules, ids]) => {
    const table = valueOf(exported.get(modules));
    return table && valueOf(exported.get(ids))?.type === "ArrayExpression" ? [table] : [];
  });
  const loaders = new Map<string, Node>();
  const registrars = new Set<string>();
  for (const statement of program.body as Node[]) {
    if (statement.type !== "ImportDeclaration" || !String((statement.source as Node).value).startsWith(".")) continue;
    for (const specifier of statement.specifiers as Node[]) {
      // `{ __webpack_require__ as e }`, or `{ "__webpack_require__" as e }`.
      const name = specifier.type === "ImportSpecifier" ? moduleExportName(specifier.imported as Node) : undefined;
      const local = (specifier.local as Node).name as string;
      if (name === undefined) continue;
      if (RUNTIME_LOADERS.has(name)) loaders.set(local, program);
      if (RUNTIME_LOADERS.has(name) || RUNTIME_TABLES.has(name)) registrars.add(local);
    }
  }
  for (const statement of program.body as Node[]) {
    const expression = statement.type === "ExpressionStatement" ? (statement.expression as Node) : undefined;
    // Also in a sequence, or voided: `0, e.add({…})`, `void e.add({…})`.
    for (const part of expression?.type === "SequenceExpression" ? (expression.expressions as Node[]) : expression ? [expression] : []) {
      const call = part.type === "UnaryExpression" ? (part.argument as Node) : part;
      const callee = call.type === "CallExpression" ? (call.callee as Node) : undefined;
      const registered = callee?.type === "MemberExpression" && propertyName(callee) === "add" && registrars.has((callee.object as Node).name as string) ? valueOf((call.arguments as Node[])[0]) : undefined;
      if (registered?.type === "ObjectExpression") tables.push(registered);
    }
  }
  return { tables, loaders };
}

/** Whether a declarator holds an object or an array, which may be a loader's table. */
const holdsTable = (declarator: Node) => (declarator.init as Node | null)?.type === "ObjectExpression" || (declarator.init as Node | null)?.type === "ArrayExpression";

/** A table's modules that take the loader as their third parameter, and the external modules its entries hand on, by id. */
function readTable(table: Node, moduleOf: (expression: Node) => string | undefined): { modules: Node[]; external: Map<string, string> } {
  const read = { modules: [] as Node[], external: new Map<string, string>() };
  for (const [id, module] of modulesOf(table)) {
    if ((module.params as Node[])[2]?.type === "Identifier") read.modules.push(module);
    const exported = exportedByModule(module);
    const reExporting = exported && reExported(exported);
    const name = exported && (moduleOf(exported) ?? (reExporting && moduleOf(reExporting)));
    if (name !== undefined) read.external.set(id, name);
  }
  return read;
}

const NO_EXTERNALS: WebpackExternals = new Map();

/**
 * The webpack bundles among a file's declarations (moduleBindings' list): each loader and its
 * table, with the ids of the table's modules that hand on another module, as `moduleOf` names it.
 * A file's part of a bundle whose main file is another (chunkParts) is a bundle too: it loads the
 * externals it defines and, given them, those the package's other files define (`otherFiles`),
 * which is where webpack puts the ones its main file uses as well.
 */
export function webpackBundles(declarations: Node[], file: BoundFile, moduleOf: (expression: Node) => string | undefined, otherFiles = NO_EXTERNALS): WebpackBundles {
  const loadersByTable = new Map<Node, Map<string, Node>>();
  let declared: DeclaratorsByName | undefined;
  for (const node of declarations) {
    const tableName = node.type === "FunctionDeclaration" ? tableOfLoader(node, file.source) : undefined;
    if (tableName === undefined) continue;
    // Variables holding a table, by name, once a loader is found: most files have none.
    declared ??= new DeclaratorsByName(declarations, file.program, holdsTable);
    const table = tableNamed(tableName, node, declared, file.program);
    if (table) loadersByTable.set(table, (loadersByTable.get(table) ?? new Map()).set((node.id as Node).name as string, declarationScope(file.program, node)));
  }
  const bundles: WebpackBundle[] = [];
  const defined = new Map<string, string[]>();
  const define = (external: Map<string, string>) => {
    for (const [id, module] of external) addExternal(defined, id, module);
  };
  for (const [table, loaders] of loadersByTable) {
    const { modules, external } = readTable(table, moduleOf);
    define(external);
    if (external.size) bundles.push({ external, loaders, modules });
  }
  const parts = chunkParts(file.program);
  let chunk: WebpackBundle | undefined;
  if (parts.tables.length > 0 || parts.loaders.size > 0) {
    chunk = { external: new Map(), loaders: parts.loaders, modules: [], otherFiles };
    for (const table of parts.tables) {
      const read = readTable(table, moduleOf);
      define(read.external);
      for (const [id, module] of read.external) chunk.external.set(id, module);
      appendAll(chunk.modules, read.modules);
    }
    // In source order, as moduleAt reads them.
    chunk.modules.sort((a, b) => a.start - b.start);
    bundles.push(chunk);
  }
  const byId = new Map<string, WebpackBundle[]>();
  for (const bundle of bundles) {
    for (const id of bundle.external.keys()) {
      const those = byId.get(id);
      if (those) those.push(bundle);
      else byId.set(id, [bundle]);
    }
  }
  return chunk ? { all: bundles, byId, defined, chunk } : { all: bundles, byId, defined };
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

/**
 * The modules from outside the bundle a loader named so may load by this id at an offset: its
 * bundles' own, and for a chunk's loader what other files define too. A chunk's own entry does not
 * hide them: the main file's module of that id is loaded and cached before the chunk's is installed.
 */
function externals(loader: Node, id: Node | undefined, offset: number, bundles: WebpackBundles): string[] {
  const value = id?.type === "Literal" ? id.value : undefined;
  // `require` is require, whatever a module's third parameter is called: a table entry named
  // `child_process` that hands on `os` must not stand in for the real one.
  if (loader.type !== "Identifier" || loader.name === "require" || (typeof value !== "number" && typeof value !== "string")) return [];
  const key = String(value);
  const found: string[] = [];
  for (const bundle of bundles.byId.get(key) ?? []) {
    if (isLoaderAt(bundle, loader.name as string, offset)) found.push(bundle.external.get(key)!);
  }
  const { chunk } = bundles;
  if (chunk?.otherFiles?.has(key) && isLoaderAt(chunk, loader.name as string, offset)) found.push(...chunk.otherFiles.get(key)!);
  return found.length > 1 ? [...new Set(found)] : found;
}

/**
 * The modules from outside the bundle a call may load: `r(147)` with `r` (the call's callee,
 * unwrapped) a loader where it is called; or, for import(), webpack's `r.t(147, 23)` and the
 * `r.t.bind(r, 147, 23)` ncc hands to a then.
 */
export function loadedModules(call: Node, callee: Node, bundles: WebpackBundles): string[] {
  // Most files hold no bundle, and most calls are not loads.
  if (bundles.all.length === 0) return [];
  const args = call.arguments as Node[];
  if (callee.type === "Identifier") return args.length === 1 ? externals(callee, args[0], call.start, bundles) : [];
  const bound = callee.type === "MemberExpression" && propertyName(callee) === "bind";
  const namespace = bound ? (callee.object as Node) : callee;
  if (namespace.type !== "MemberExpression" || propertyName(namespace) !== "t") return [];
  return externals(namespace.object as Node, args[bound ? 1 : 0], call.start, bundles);
}

/** The module a call loads (loadedModules), the one most surely meant of several, given the member read from it (chooseModule). */
export function loadedModule(call: Node, callee: Node, bundles: WebpackBundles, member?: string): string | undefined {
  const modules = loadedModules(call, callee, bundles);
  return chooseModule(modules, member);
}

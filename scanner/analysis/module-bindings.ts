import { chainRoot, GLOBAL_OBJECTS, isProcess, keyName, moduleExportName, type Node, pairedElements, propertyName, someChoice, stringLiteral, unwrap, withoutDefault } from "@/scanner/analysis/ast";
import { type Binding, Bindings, type BoundFile, chooseModule } from "@/scanner/analysis/bindings";
import { DeclaratorsByName, isUseOf } from "@/scanner/analysis/name-uses";
import { isLoaderAt, loadedModule, loadedModules, type WebpackExternals, webpackBundles } from "@/scanner/analysis/webpack-bundle";

export { type Binding, Bindings, type BoundFile } from "@/scanner/analysis/bindings";

// Bun's `bun` module is its `Bun` global: `import { spawn } from "bun"` is Bun.spawn.
export const normalise = (specifier: string) => (specifier === "bun" ? "Bun" : specifier.replace(/^node:/, ""));

// The helpers compilers wrap a module in for ES module interop: TypeScript's (also from tslib),
// esbuild's, Babel's and Rollup's. They hand back the module, or an object whose `default` is it.
const INTEROP_HELPERS = new Set([
  "__importDefault",
  "__importStar",
  "__toESM",
  "_interopRequireDefault",
  "_interopRequireWildcard",
  "_interopDefault",
  "_interopDefaultCompat",
  "_interopNamespace",
  "_interopNamespaceDefault",
  "_interopNamespaceCompat",
]);

/** The name a call goes by: `f` of `f()` and of `a.f()`. */
function calleeName(callee: Node): string | undefined {
  return callee.type === "Identifier" ? (callee.name as string) : callee.type === "MemberExpression" ? propertyName(callee) : undefined;
}

/**
 * The module an interop helper's call hands back: `__toESM(require("fs"))`, Rollup's
 * `_interopDefault(fs)` of a module bound before, and helpers whose names minifying or bundling
 * changed (`t(require("fs"), 1)`, `__toESM$1(…)`), known by their definition (role "interop").
 */
function interopModule(node: Node, bindings: Bindings): string | undefined {
  if (node.type !== "CallExpression") return undefined;
  const first = (node.arguments as Node[])[0];
  if (first === undefined) return undefined;
  const callee = unwrap(node.callee as Node);
  return isInteropCallee(callee, bindings) ? moduleOf(first, bindings) : undefined;
}

/**
 * An interop helper: one the file defines, known by its definition (role "interop"), or one by
 * its usual name the file does not define itself, or a module's under that name (tslib's, a
 * bundler's shared chunk's). A function of the file's own under a helper's name (`function
 * __importDefault(m) { stash(m) }`), or a local object's, is what it is, not a helper.
 */
function isInteropCallee(callee: Node, bindings: Bindings): boolean {
  if (callee.type === "Identifier") {
    const name = callee.name as string;
    if (!INTEROP_HELPERS.has(name)) return bindings.at(callee)?.role === "interop";
    // `import { __importDefault } from "tslib"`: a module's helper, as a member of it.
    const binding = bindings.at(callee);
    return binding?.role === "interop" || (binding !== undefined && binding.role === undefined && binding.member === name) || !bindings.declaredNames.has(name);
  }
  // `tslib_1.__importDefault(…)`, or a bundler's shared chunk's (`require_chunk.__toESM(…)`): a module's, not a local object's.
  return callee.type === "MemberExpression" && INTEROP_HELPERS.has(propertyName(callee) ?? "") && moduleOf(callee.object as Node, bindings) !== undefined;
}

/** `p.then(…)`. */
const isThenCall = (node: Node) => node.type === "CallExpression" && (node.callee as Node).type === "MemberExpression" && propertyName(node.callee as Node) === "then";

// Interop helpers are a few hundred characters; a longer function is something else, and is not read.
const MAX_HELPER_LENGTH = 1000;

/**
 * Whether a function is a module interop helper: every one (tsc's, esbuild's, Babel's, Rollup's)
 * tests `__esModule` (Rollup's compat helper `'default' in`), and minified or renamed ones keep
 * that. A guess from the call alone (any function called with a require) would let `const fetch
 * = pick(require("./x"), globalThis.fetch)` hide fetch behind a harmless module.
 */
function isInteropHelper(init: Node, source: string): boolean {
  // tsc's own is `this && this.__importDefault || function (mod) { … }`; Babel's a declared function.
  let helper = init;
  while (helper.type === "LogicalExpression") helper = unwrap(helper.right as Node);
  if (helper.type !== "ArrowFunctionExpression" && helper.type !== "FunctionExpression" && helper.type !== "FunctionDeclaration") return false;
  // They take the module and at most two flags; bundles hold thousands of other small functions.
  const parameters = (helper.params as Node[]).length;
  if (parameters < 1 || parameters > 3 || helper.end - helper.start > MAX_HELPER_LENGTH) return false;
  // Rollup's `_interopDefaultCompat` tests `'default' in e` instead.
  const text = source.slice(helper.start, helper.end);
  return text.includes("__esModule") || /["']default["']\s+in\b/.test(text);
}

/**
 * esbuild's `__require` in ES module bundles, whatever minifying renamed it to: `require` where
 * there is one, `typeof require !== "undefined" ? require : …`, as a plain conditional or handed
 * back by a function called at once (`((x) => typeof require < "u" ? require : …)(…)`). Bundled
 * CommonJS dependencies require Node's modules through it. Any name that is `require` on one
 * branch of a conditional is taken for it.
 */
function isRequireShim(init: Node): boolean {
  let value = init;
  if (value.type === "CallExpression") {
    const factory = unwrap(value.callee as Node);
    const body = factory.type === "ArrowFunctionExpression" || factory.type === "FunctionExpression" ? (factory.body as Node) : undefined;
    const statements = body?.type === "BlockStatement" ? (body.body as Node[]) : undefined;
    const returned = statements?.length === 1 && statements[0]!.type === "ReturnStatement" ? (statements[0]!.argument as Node | null) : undefined;
    const expression = factory.expression ? body : returned;
    if (!expression) return false;
    value = unwrap(expression);
  }
  return value.type === "ConditionalExpression" && (isRequireName(unwrap(value.consequent as Node)) || isRequireName(unwrap(value.alternate as Node)));
}

const isRequireName = (node: Node) => node.type === "Identifier" && node.name === "require";

/** The function `f.bind(…)` binds, or the expression itself. */
function withoutBind(node: Node): Node {
  const callee = node.type === "CallExpression" ? unwrap(node.callee as Node) : undefined;
  return callee?.type === "MemberExpression" && propertyName(callee) === "bind" ? unwrap(callee.object as Node) : node;
}

/**
 * `module`, `process.mainModule`, `require.main` or `module.parent`, or a name given one (`const m =
 * module`, with `bindings`): a module object, whose `require` is require and whose constructor is Module.
 */
function isModuleObject(node: Node, bindings?: Bindings): boolean {
  if (node.type === "Identifier") return node.name === "module" || (bindings !== undefined && platformObjectAt(bindings, node) === MODULE_OBJECT);
  if (node.type !== "MemberExpression") return false;
  const name = propertyName(node);
  const object = unwrap(node.object as Node);
  return name === "mainModule" || (name === "main" && isRequireName(object)) || (name === "parent" && object.type === "Identifier" && object.name === "module");
}

/** `createRequire`, also `module.createRequire` and under the name an import gave it (webpack's `__WEBPACK_EXTERNAL_createRequire`). */
function isCreateRequire(callee: Node, bindings: Bindings): boolean {
  if (calleeName(callee) === "createRequire") return true;
  const binding = callee.type === "Identifier" ? bindings.at(callee) : undefined;
  return binding?.module === "module" && binding.member === "createRequire" && binding.role === undefined;
}

/**
 * Whether a callee is `require` under any of its names: an alias, createRequire's result (also
 * called at once: `createRequire(import.meta.url)("fs")`), `module.require`,
 * `process.mainModule.require`, and the loader behind it, `Module._load`
 * (`require("module")._load`, `module.constructor._load`).
 */
export function isRequire(callee: Node, bindings: Bindings): boolean {
  if (callee.type === "Identifier") {
    if (callee.name === "require") return true;
    // `const load = Module._load` after `Module = require("module")`, `const { getBuiltinModule } = require("process")`: the loader under a name of its own.
    const binding = bindings.at(callee);
    if (binding?.role === "require") return true;
    const loader = binding !== undefined && binding.role === undefined ? `${binding.module}.${binding.member}` : undefined;
    return loader === "module._load" || loader === "process.getBuiltinModule";
  }
  if (callee.type === "CallExpression") return isCreateRequire(unwrap(callee.callee as Node), bindings);
  if (callee.type !== "MemberExpression") return false;
  const method = propertyName(callee);
  const object = unwrap(callee.object as Node);
  // `global.require`: no module has one, but code that looks for it there (or in the REPL) means require.
  if (method === "require") return isModuleObject(object, bindings) || (object.type === "Identifier" && GLOBAL_OBJECTS.has(object.name as string) && !bindings.declaredNames.has(object.name as string));
  // Node 22's `process.getBuiltinModule("child_process")`, a require of Node's own modules.
  if (method === "getBuiltinModule") return isProcess(object) || moduleOf(object, bindings) === "process";
  if (method !== "_load") return false;
  if (isModuleClass(object, bindings)) return true;
  // The module module, or its Module class (`require("module").Module`, `import { Module } from "node:module"`).
  const owner = moduleOf(object, bindings) ?? calleeTarget(object, bindings);
  return owner === "module" || owner === "module.Module";
}

// For an expression read on its own, outside any file's bindings.
const NO_BINDINGS = new Bindings({ program: { type: "Program", start: 0, end: 0, body: [] }, source: "" });

/**
 * `require("x")` or `import("x")` (also in an interop helper), as a module name, or undefined.
 * Given the member read from it, a webpack load by an id several modules are given counts as the one that has it (chooseModule).
 */
export function requiredModule(wrapped: Node, bindings: Bindings = NO_BINDINGS, member?: string): string | undefined {
  const node = unwrap(wrapped);
  const interop = interopModule(node, bindings);
  if (interop !== undefined) return interop;
  // import() compiled: tsc's `Promise.resolve().then(() => __importStar(require("m")))`, webpack's
  // `….then(() => r.t(147, 23))`, ncc's `….then(r.t.bind(r, 147, 23))`.
  const callback = isThenCall(node) ? (node.arguments as Node[])[0] : undefined;
  if (callback?.type === "ArrowFunctionExpression" && callback.expression) return requiredModule(callback.body as Node, bindings);
  if (callback?.type === "CallExpression") return loadedModule(callback, unwrap(callback.callee as Node), bindings.webpack);
  if (node.type === "ImportExpression") return specifierOf(node.source as Node, bindings);
  if (node.type !== "CallExpression") return undefined;
  const callee = unwrap(node.callee as Node);
  // A webpack loader first: minified bundles also call some other function `r`, or `require` itself.
  const load = loaded(node, callee, bindings, member);
  if (load !== undefined) return load;
  if (isRequire(callee, bindings)) {
    const first = (node.arguments as Node[])[0];
    return first && specifierOf(first, bindings);
  }
  // Also called through `.call`, `.apply`, `.bind(…)(…)` or `Reflect.apply` (`module.require.call(module, "fs")`).
  const indirect = callee.type === "CallExpression" || (callee.type === "MemberExpression" && INDIRECT_CALLS.has(propertyName(callee) ?? ""));
  const effective = indirect ? effectiveCall(node, bindings) : undefined;
  if (effective === undefined || effective.callee === callee || !isRequire(effective.callee, bindings)) return undefined;
  return effective.args[0] && specifierOf(effective.args[0], bindings);
}

// The members a call goes through to call another function (effectiveCall).
const INDIRECT_CALLS = new Set(["call", "apply"]);

/** The module a require or import names: by a string literal, or spelt by an expression the file's values work out (`"child_" + "process"`). */
function specifierOf(specifier: Node, bindings: Bindings): string | undefined {
  const name = stringLiteral(specifier) ?? bindings.file.speltSpecifier?.(specifier);
  return name === undefined ? undefined : normalise(name);
}

/** The module a webpack loader's call loads (`r(147)`, `r.t(147, 23)`), or a call of its default-export getter (`t()` after `t = r.n(fs)`). */
function loaded(call: Node, callee: Node, bindings: Bindings, member?: string): string | undefined {
  const module = loadedModule(call, callee, bindings.webpack, member);
  if (module !== undefined || callee.type !== "Identifier") return module;
  const binding = bindings.at(callee);
  if (binding?.role !== "getter" || (call.arguments as Node[]).length > 0) return undefined;
  return binding.candidates && member !== undefined ? chooseModule(binding.candidates, member) : binding.module;
}

/**
 * `import("m").then((m) => …)`, also compiled (`….then(() => r.t(147, 23)).then((m) => …)`, see
 * requiredModule): its callback's parameter is bound to the module as surely as a declaration.
 * Told by shape alone, before anything is bound: bindDeclaration works out the module.
 */
function isImportThen(node: Node): boolean {
  if (!isThenCall(node)) return false;
  const imported = unwrap((node.callee as Node).object as Node);
  if (imported.type === "ImportExpression") return true;
  const callback = isThenCall(imported) ? (imported.arguments as Node[])[0] : undefined;
  return (callback?.type === "ArrowFunctionExpression" && callback.expression === true) || callback?.type === "CallExpression";
}

/** `fs = require("fs")`, `import_fs = __toESM(require("fs"))` (esbuild's lazily run modules): a call assigned to a name. */
const isAssignedCall = (node: Node) =>
  node.type === "AssignmentExpression" && node.operator === "=" && (node.left as Node).type === "Identifier" && ((node.right as Node).type === "CallExpression" || (node.right as Node).type === "AwaitExpression");

// The names of the platform objects a name may be assigned (assignedPlatformObject).
const PLATFORM_NAMES = new Set([...GLOBAL_OBJECTS, "process", "module", "eval", "Function", "fetch", "WebSocket", "EventSource"]);

/**
 * Whether an expression may be a platform object by its names alone: `globalThis`, a member so
 * named (`globalThis.process`, `g.eval`), or a choice of such (`typeof globalThis < "u" ? globalThis : global`).
 */
function namesPlatformObject(node: Node): boolean {
  return someChoice(node, (choice) => (choice.type === "Identifier" ? PLATFORM_NAMES.has(choice.name as string) : choice.type === "MemberExpression" && PLATFORM_NAMES.has(propertyName(choice) ?? "")));
}

/**
 * `g = globalThis`, `p = process`, `f = eval`, `({ process: p } = globalThis)`, `[g] = [globalThis]`:
 * a platform object or function assigned to a name declared elsewhere (`let g;`).
 */
function isAssignedPlatformObject(node: Node): boolean {
  if (node.type !== "AssignmentExpression" || node.operator !== "=") return false;
  const left = unwrap(node.left as Node);
  const right = unwrap(node.right as Node);
  if (left.type === "Identifier" || left.type === "ObjectPattern") return namesPlatformObject(right);
  return left.type === "ArrayPattern" && right.type === "ArrayExpression" && (right.elements as (Node | null)[]).some((element) => element !== null && namesPlatformObject(unwrap(element)));
}

/** An assignment read as the declarator it would be (`g = globalThis` as `const g = globalThis`), for the facts declarators give. */
const asDeclarator = (assignment: Node): Node => ({ type: "VariableDeclarator", start: assignment.start, end: assignment.end, id: unwrap(assignment.left as Node), init: assignment.right });

/** The nodes moduleBindings and StaticValues read: what the pre-pass walk gathers for them. */
export const isDeclaration = (node: Node) =>
  node.type === "VariableDeclarator" ||
  node.type === "ImportDeclaration" ||
  node.type === "FunctionDeclaration" ||
  node.type === "TSImportEqualsDeclaration" ||
  isImportThen(node) ||
  isAssignedCall(node) ||
  isAssignedPlatformObject(node);

/**
 * Binds `cp`, or each name of `{ spawn, exec: run }`, to a module; given several it may be (a
 * webpack id several modules are given), `cp` to all of them, for its uses to choose by the member
 * they read (Bindings.at), and each destructured name to the one its member chooses.
 */
function bindToModule(bindings: Bindings, id: Node, modules: readonly string[], declaration: Node): void {
  if (id.type === "Identifier") bindings.bind(id.name as string, chooseModule(modules)!, undefined, declaration, undefined, modules.length > 1 ? modules : undefined);
  if (id.type !== "ObjectPattern") return;
  for (const property of id.properties as Node[]) {
    if (property.type !== "Property") continue;
    const value = property.value as Node;
    const key = keyName(property);
    const module = chooseModule(modules, key);
    if (value.type === "Identifier" && module !== undefined) bindings.bind(value.name as string, module, key, declaration);
  }
}

/**
 * The module an expression is: a require or import of it, or a name bound to it where it is used.
 * `const x = cp` does not bind `x`: a parameter or plain variable named `cp` within the binding's
 * scope is taken for it (Bindings), and chains of such aliases (`input = path`, `o = input`) would
 * bind half of a bundle's names.
 */
export function moduleOf(wrapped: Node, bindings: Bindings, member?: string): string | undefined {
  const node = unwrap(wrapped);
  if (node.type !== "Identifier") return requiredModule(node, bindings, member);
  const binding = bindingAt(bindings, node, member);
  return binding && binding.role === undefined && binding.member === undefined ? binding.module : undefined;
}

/**
 * An identifier's binding where it is (Bindings.at, told the member read from it, if any), unless
 * it is a getter, whose name is not the module, or a name that counts only where it was bound
 * (usedAt) and this is a namesake.
 */
function bindingAt(bindings: Bindings, identifier: Node, member?: string): Binding | undefined {
  const binding = bindings.at(identifier, member);
  return binding?.role === "getter" || (binding?.usedAt && !binding.usedAt(identifier)) ? undefined : binding;
}

// Platform functions that reach the network or run code: `const send = fetch`, `const { fetch:
// get } = globalThis` and `const post = globalThis.fetch.bind(globalThis)` are fetch, `const {
// binding } = process` is process.binding; and the members of the runtimes' globals, which spawn,
// read and connect: `const { spawn } = Bun` is Bun.spawn. Not the globals themselves: core-js
// tests `var Deno = globalThis.Deno; Deno && Deno.version` in countless bundles, and a runtime's
// global handed on would read as its every function handed on.
const ALIASED_GLOBALS = new Set(["fetch", "eval", "Function", "WebSocket", "EventSource", "process.binding", "process._linkedBinding", "process.dlopen"]);
/** The runtimes' globals whose members spawn, read, connect and listen (`Bun.spawn`, `Deno.serve`). */
export const RUNTIME_GLOBALS = new Set(["Bun", "Deno"]);
const isAliasedGlobal = (name: string) => ALIASED_GLOBALS.has(name) || (name.includes(".") && RUNTIME_GLOBALS.has(name.slice(0, name.indexOf("."))));

/** The platform function a member of the global object, of `process` or of a runtime's global (under any of their names) is (isAliasedGlobal). */
function platformMember(object: Node, member: string | undefined, bindings: Bindings): string | undefined {
  if (member === undefined) return undefined;
  const owner = calleeTarget(object, bindings);
  const name = owner !== undefined && GLOBAL_OBJECTS.has(owner) ? member : owner === "process" || isProcess(object) ? `process.${member}` : owner !== undefined && RUNTIME_GLOBALS.has(owner) ? `${owner}.${member}` : undefined;
  return name !== undefined && isAliasedGlobal(name) ? name : undefined;
}

const PROTOTYPE_OF = new Set(["Object.getPrototypeOf", "Reflect.getPrototypeOf"]);

/**
 * Whether `node.constructor` is Function or one of its async and generator kin: the
 * constructor of a function (`(function () {}).constructor`), of any constructor
 * (`[].constructor.constructor`), or of a function's prototype (`Object.getPrototypeOf(async
 * function () {}).constructor`). The classic way to build code without naming Function.
 */
export function constructsFunctions(node: Node, bindings: Bindings): boolean {
  const isFunctionLiteral = (candidate: Node | undefined) => candidate?.type === "FunctionExpression" || candidate?.type === "ArrowFunctionExpression";
  if (isFunctionLiteral(node)) return true;
  if (node.type === "MemberExpression") return propertyName(node) === "constructor";
  // The prototype of a function literal (async, generator): of `this` or an object, it is a class.
  if (node.type !== "CallExpression") return false;
  const of = (node.arguments as Node[])[0];
  return isFunctionLiteral(of && unwrap(of)) && PROTOTYPE_OF.has(calleeTarget(node.callee as Node, bindings) ?? "");
}

// What reads a member by a function: `Reflect.get(o, "m")`, and the `.value` of a property descriptor.
const READERS = new Map([
  ["get", ["Reflect"]],
  ["getOwnPropertyDescriptor", ["Object", "Reflect"]],
]);

/**
 * The target `Reflect.get(o, "m")` or `Object.getOwnPropertyDescriptor(o, "m").value` (also
 * Reflect's) reads, as `o.m`'s (calleeTarget; the key as the file spells it, constants and
 * concatenations too): a member of the global object is the global itself (`eval`).
 */
export function reflectiveRead(node: Node, bindings: Bindings): string | undefined {
  const described = node.type === "MemberExpression" && propertyName(node) === "value";
  return readBy(described ? unwrap(node.object as Node) : node, described ? "getOwnPropertyDescriptor" : "get", bindings);
}

/** What a call of a reader (READERS: `Reflect.get(o, "m")`, `Object.getOwnPropertyDescriptor(o, "m")`) reads, as reflectiveRead. */
export function readBy(call: Node, method: string, bindings: Bindings): string | undefined {
  const callee = call.type === "CallExpression" ? unwrap(call.callee as Node) : undefined;
  const reader = callee?.type === "MemberExpression" ? unwrap(callee.object as Node) : undefined;
  if (reader?.type !== "Identifier" || propertyName(callee!) !== method || !READERS.get(method)!.includes(reader.name as string) || bindings.declaredNames.has(reader.name as string)) return undefined;
  const [object, key] = call.arguments as Node[];
  const member = key && (stringLiteral(key) ?? bindings.file.speltSpecifier?.(key));
  const owner = object && calleeTarget(object, bindings);
  if (member === undefined || owner === undefined) return undefined;
  return GLOBAL_OBJECTS.has(owner) ? member : `${owner}.${member}`;
}

/** The platform function an (unwrapped) expression names (isAliasedGlobal), unless the file binds that name to something else. */
function globalOf(unwrapped: Node, bindings: Bindings): string | undefined {
  // `flag ? eval : null`: what it may be.
  let found: string | undefined;
  someChoice(unwrapped, (choice) => (found = globalNamed(choice, bindings)) !== undefined);
  return found;
}

/** The platform function one (unwrapped) expression, not a choice, names (globalOf). */
function globalNamed(unwrapped: Node, bindings: Bindings): string | undefined {
  let node = unwrapped;
  if (node.type === "CallExpression") {
    const read = reflectiveRead(node, bindings);
    if (read !== undefined) return isAliasedGlobal(read) ? read : undefined;
    const callee = unwrap(node.callee as Node);
    if (callee.type !== "MemberExpression" || propertyName(callee) !== "bind") return undefined;
    node = unwrap(callee.object as Node);
  }
  if (node.type === "Identifier") {
    const name = node.name as string;
    const own = bindings.has(name) ? bindingAt(bindings, node) : undefined;
    // Another name for one (`const G = F` after `const F = Function`).
    if (own !== undefined && own.member === undefined && own.role === undefined && isAliasedGlobal(own.module)) return own.module;
    return isAliasedGlobal(name) && own === undefined ? name : undefined;
  }
  if (node.type !== "MemberExpression") return undefined;
  // `(() => {}).constructor` is Function, under a name of its own too (`const F = …; F(code)`).
  const member = propertyName(node);
  if (member === "constructor" && constructsFunctions(unwrap(node.object as Node), bindings)) return "Function";
  const described = member === "value" ? reflectiveRead(node, bindings) : undefined;
  if (described !== undefined) return isAliasedGlobal(described) ? described : undefined;
  return platformMember(unwrap(node.object as Node), member, bindings);
}

/** Another name a declarator gives a platform function. */
interface GlobalAlias {
  alias: Node;
  global: string;
  declarator: Node;
}

/**
 * The other names a declarator gives platform functions (`send = fetch`, `{ fetch: get } =
 * globalThis`), added to `found`. Each counts only where it is used in its own scope
 * (bindGlobalAlias): a file-wide `e` for Function would make every call of every parameter `e`
 * in a minified bundle a built function.
 */
function collectGlobalAliases(bindings: Bindings, declarator: Node, found: GlobalAlias[]): void {
  collectGlobalAliasesOf(bindings, declarator.id as Node, unwrap(declarator.init as Node), declarator, found);
}

/** The other names a target given a value gives platform functions (collectGlobalAliases): a declarator's, or an element's of an array it is given. */
function collectGlobalAliasesOf(bindings: Bindings, id: Node, init: Node, declarator: Node, found: GlobalAlias[]): void {
  // No closure here: this meets every declarator of the file, and most are neither form.
  if (id.type === "Identifier") collectGlobalAlias(id, globalOf(init, bindings), declarator, found);
  // `const [e] = [eval]`, `const [{ eval: e }] = [globalThis]`: each target the element in its place.
  else if (id.type === "ArrayPattern" && init.type === "ArrayExpression") {
    for (const [target, element] of pairedElements(id, init)) collectGlobalAliasesOf(bindings, target, unwrap(element), declarator, found);
  } else if (id.type === "ObjectPattern" && init.type === "CallExpression") {
    // `const { value: e } = Object.getOwnPropertyDescriptor(globalThis, "eval")`.
    const described = readBy(init, "getOwnPropertyDescriptor", bindings);
    const global = described !== undefined && isAliasedGlobal(described) ? described : undefined;
    for (const property of id.properties as Node[]) if (property.type === "Property" && keyName(property) === "value") collectGlobalAlias(withoutDefault(property.value as Node), global, declarator, found);
  } else if (id.type === "ObjectPattern" && (init.type === "Identifier" || init.type === "MemberExpression")) {
    // `const { fetch: get = null } = g`: the default is only for a member that is not there.
    for (const property of id.properties as Node[]) if (property.type === "Property") collectGlobalAlias(withoutDefault(property.value as Node), platformMember(init, keyName(property), bindings), declarator, found);
  }
}

function collectGlobalAlias(alias: Node, global: string | undefined, declarator: Node, found: GlobalAlias[]): void {
  if (alias.type === "Identifier" && global !== undefined) found.push({ alias, global, declarator });
}

function bindGlobalAlias(bindings: Bindings, { alias, global, declarator }: GlobalAlias): void {
  bindOnlyWhereUsed(bindings, bindings.bind(alias.name as string, global, undefined, declarator));
}

/** Makes a binding count only for the uses of its declarations' own name, not a namesake's (a parameter `g` in another function of a minified bundle). */
function bindOnlyWhereUsed(bindings: Bindings, binding: Binding): void {
  binding.usedAt ??= (identifier) => isUseOf(bindings.file.program, bindings.file.source, identifier, binding.declarations);
}

/** The module whose default-export getter a webpack loader makes: `__webpack_require__.n(fs)`. */
function defaultGetterOf(init: Node, bindings: Bindings): Pick<Binding, "module" | "candidates"> | undefined {
  const callee = init.type === "CallExpression" ? unwrap(init.callee as Node) : undefined;
  const loader = callee?.type === "MemberExpression" && propertyName(callee) === "n" ? (callee.object as Node) : undefined;
  const module = (init.arguments as Node[] | undefined)?.[0];
  if (loader?.type !== "Identifier" || module === undefined || !bindings.webpack.all.some((bundle) => isLoaderAt(bundle, loader.name as string, init.start))) return undefined;
  const name = moduleOf(module, bindings);
  // The getter of a load several modules may be is each of them, as the loaded name is.
  const candidates = unwrap(module).type === "Identifier" ? bindings.at(unwrap(module))?.candidates : undefined;
  return name === undefined ? undefined : candidates ? { module: name, candidates } : { module: name };
}

type Role = NonNullable<Binding["role"]>;

/** What every pass of moduleBindings knows of the declarations before binding any. */
interface Facts {
  /** The declarations that bind a name to a role (roleOfDeclaration), worked out once. */
  roles: Map<Node, Role>;
  /** For each require assigned to a name (isAssignedCall), the declarator of that variable in the innermost scope around it. */
  declaredBy: Map<Node, Node>;
  /** Names a declarator gives createRequire (`cr = require("module").createRequire`, `{ createRequire: cr } = m`), by their shape alone. */
  createRequireNames: Set<string>;
  /** The declarators that give the global object or `process` another name (platformObjectOf), worked out once. */
  platformObjects: Map<Node, PlatformObject>;
}

/**
 * A name for the global object, for `process` or for Node's Module class, bound as a module of
 * that name: `g.fetch` of `const g = globalThis` is globalThis.fetch, `M._load` of `const M =
 * module.constructor` the loader behind require.
 */
interface PlatformObject {
  name: Node;
  object: "globalThis" | "process" | "module" | "require" | typeof MODULE_OBJECT;
  /** Where the name is declared, when the fact is an assignment's (`let g; … g = globalThis`). */
  declaration?: Node;
}

/** The platform object a name is bound to where it stands (a name of the global object, of `process`, of Module), if any. */
function platformObjectAt(known: Bindings, node: Node): string | undefined {
  if (node.type !== "Identifier" || !known.has(node.name as string)) return undefined;
  const binding = bindingAt(known, node);
  return binding && binding.member === undefined && binding.role === undefined && PLATFORM_OBJECTS.has(binding.module) ? binding.module : undefined;
}
/** `module.constructor` (of any module object): Node's Module class. */
const isModuleClass = (node: Node, known: Bindings) => node.type === "MemberExpression" && propertyName(node) === "constructor" && isModuleObject(unwrap(node.object as Node), known);

// The pseudo-module a name for a module object is bound to (`const m = module`): not a module anyone can require.
const MODULE_OBJECT = "(module object)";
const PLATFORM_OBJECTS = new Set(["globalThis", "process", "module", MODULE_OBJECT]);

/**
 * Whether an expression is the global object: `globalThis`, `global`, `window`, `self`, a name
 * already given it, `Function("return this")()`, or a choice of them (`typeof globalThis < "u" ?
 * globalThis : …`, lodash's `freeGlobal || Function("return this")()`).
 */
function isGlobalObject(node: Node, known: Bindings): boolean {
  return someChoice(node, (choice) => {
    if (choice.type === "Identifier") return GLOBAL_OBJECTS.has(choice.name as string) || platformObjectAt(known, choice) === "globalThis";
    const made = choice.type === "CallExpression" ? unwrap(choice.callee as Node) : undefined;
    const maker = made?.type === "CallExpression" || made?.type === "NewExpression" ? unwrap(made.callee as Node) : undefined;
    return maker?.type === "Identifier" && maker.name === "Function" && stringLiteral((made!.arguments as Node[]).at(-1))?.trim() === "return this";
  });
}

/** Whether an expression may be `process`: its names, or a choice of them (`typeof process < "u" ? process : undefined`, `process || {}`). */
function mayBeProcess(node: Node, known: Bindings): boolean {
  return someChoice(node, (choice) => {
    // `g.process` with `g = globalThis`.
    if (choice.type === "MemberExpression" && propertyName(choice) === "process" && isGlobalObject(unwrap(choice.object as Node), known)) return true;
    return isProcess(choice) || platformObjectAt(known, choice) === "process";
  });
}

/**
 * The other name a declarator gives the global object, `process` or Module (`const g = globalThis`,
 * `const p = process`, `const { process: p } = globalThis`, `const M = module.constructor`, and a
 * name for one of those names: `const h = g`), through which code reaches fetch, eval, the
 * environment or the loader as surely as through the global's own name.
 */
function platformObjectOf(declarator: Node, known: Bindings): PlatformObject | undefined {
  if (declarator.type !== "VariableDeclarator" || !declarator.init) return undefined;
  const id = declarator.id as Node;
  const init = unwrap(declarator.init as Node);
  if (id.type === "Identifier") {
    if (mayBeProcess(init, known)) return { name: id, object: "process" };
    if (isGlobalObject(init, known)) return { name: id, object: "globalThis" };
    if (isModuleClass(init, known) || platformObjectAt(known, init) === "module") return { name: id, object: "module" };
    return isModuleObject(init, known) ? { name: id, object: MODULE_OBJECT } : undefined;
  }
  // `const [g] = [globalThis]`: each name the element in its place.
  if (id.type === "ArrayPattern" && init.type === "ArrayExpression") return arrayPlatformObject(id, init, known);
  if (id.type !== "ObjectPattern") return undefined;
  // `const { process: p } = globalThis`; `const { getBuiltinModule: load } = process`, require's
  // kin, and `const { mainModule } = process`, a module object (defaults aside).
  const fromProcess = isProcess(init) || platformObjectAt(known, init) === "process";
  // `const { _load } = module.constructor` (or of another name for Module): the loader behind require.
  const fromModule = isModuleClass(init, known) || platformObjectAt(known, init) === "module";
  const wanted: [string, PlatformObject["object"]][] = isGlobalObject(init, known)
    ? [["process", "process"]]
    : fromProcess
      ? [["getBuiltinModule", "require"], ["mainModule", MODULE_OBJECT]]
      : fromModule
        ? [["_load", "require"]]
        : [];
  for (const [key, object] of wanted) {
    const property = (id.properties as Node[]).find((each) => each.type === "Property" && keyName(each) === key);
    const value = property ? withoutDefault(unwrap(property.value as Node)) : undefined;
    if (value?.type === "Identifier") return { name: value, object };
  }
  return undefined;
}

/** The first platform object an array pattern takes from an array in its place (`const [g] = [globalThis]`); elements after a spread are not in theirs. */
function arrayPlatformObject(pattern: Node, array: Node, known: Bindings): PlatformObject | undefined {
  for (const [target, element] of pairedElements(pattern, array)) {
    const fact = platformObjectOf({ type: "VariableDeclarator", start: element.start, end: element.end, id: target, init: element }, known);
    if (fact) return fact;
  }
  return undefined;
}

/**
 * The platform objects assigned to declared names (`let g; … g = globalThis`, `var p; p =
 * process`), bound where the name is declared: a name that may hold the global object is taken
 * for it wherever it is used, as a declaration's would be.
 */
function assignedPlatformObjects(assigned: AssignedName[], known: Bindings): Map<Node, PlatformObject> {
  const found = new Map<Node, PlatformObject>();
  for (const { assignment, declaration } of assigned) {
    const fact = platformObjectOf(asDeclarator(assignment), known);
    if (fact) found.set(assignment, { ...fact, declaration });
  }
  return found;
}

/**
 * The platform functions destructuring assignments give declared names (`let h; ({ eval: h } =
 * globalThis)`), each with the declarator it writes, unless a parameter or another declaration in
 * between is what it writes.
 */
function destructuredGlobalAliases(declarations: Node[], known: Bindings): GlobalAlias[] {
  const assignments = declarations.filter((node) => isAssignedPlatformObject(node) && unwrap(node.left as Node).type !== "Identifier");
  if (!assignments.length) return [];
  const declarators = new DeclaratorsByName(declarations, known.file.program);
  return assignments.flatMap((assignment) => {
    const found: GlobalAlias[] = [];
    collectGlobalAliasesOf(known, unwrap(assignment.left as Node), unwrap(assignment.right as Node), assignment, found);
    return found.flatMap(({ alias, global }) => {
      const declarator = declarators.writtenBy(alias, known.file.source);
      return declarator ? [{ alias, global, declarator }] : [];
    });
  });
}

/** An assignment of a platform object or function with the declarator it writes (assignedPlatformNames). */
interface AssignedName {
  assignment: Node;
  declaration: Node;
}

/**
 * The assignments of platform objects or functions to declared names (isAssignedPlatformObject),
 * each with the declarator it writes: the one around, unless a parameter or another declaration
 * in between is what the assignment writes.
 */
function assignedPlatformNames(declarations: Node[], known: Bindings): AssignedName[] {
  const assignments = declarations.filter(isAssignedPlatformObject);
  if (!assignments.length) return [];
  const declarators = new DeclaratorsByName(declarations, known.file.program);
  return assignments.flatMap((assignment) => {
    // A pattern's name is the one its fact names (`p` of `({ process: p } = globalThis)`).
    const left = unwrap(assignment.left as Node);
    const name = left.type === "Identifier" ? left : platformObjectOf(asDeclarator(assignment), known)?.name;
    const declaration = name && declarators.writtenBy(name, known.file.source);
    return declaration ? [{ assignment, declaration }] : [];
  });
}

/** The names declarators give a member called createRequire (Facts.createRequireNames). */
function createRequireNamesOf(declarations: Node[]): Set<string> {
  const names = new Set<string>();
  for (const node of declarations) {
    if (node.type !== "VariableDeclarator" || !node.init) continue;
    const id = node.id as Node;
    const init = unwrap(node.init as Node);
    if (id.type === "Identifier" && init.type === "MemberExpression" && propertyName(init) === "createRequire") names.add(id.name as string);
    if (id.type !== "ObjectPattern") continue;
    for (const property of id.properties as Node[]) {
      if (property.type === "Property" && keyName(property) === "createRequire" && (property.value as Node).type === "Identifier") names.add((property.value as Node).name as string);
    }
  }
  return names;
}

/**
 * The declarator each assigned require's variable was declared by (Facts.declaredBy); none for an
 * undeclared name, nor for one a parameter or a catch clause in between declares (`let cp =
 * require("./safe"); function run(cp) { cp = require("child_process") }` changes no outer `cp`):
 * such a module is handed on where its calls are not followed (escapedModules). Only calls that
 * load a module by what depends on no other module binding (a require, an import, a webpack
 * loader) count: bundles assign thousands of other calls, which the passes then need not look at again.
 */
function assignedDeclarators(declarations: Node[], seeds: Bindings): Map<Node, Node> {
  const declaredBy = new Map<Node, Node>();
  const assignments = declarations.filter((node) => node.type === "AssignmentExpression" && requiredModule(node.right as Node, seeds) !== undefined);
  if (!assignments.length) return declaredBy;
  const declarators = new DeclaratorsByName(declarations, seeds.file.program);
  for (const assignment of assignments) {
    const declarator = declarators.writtenBy(assignment.left as Node, seeds.file.source);
    if (declarator) declaredBy.set(assignment, declarator);
  }
  return declaredBy;
}

/** What a declarator binds its name to if not a module: the require function (`const r = require`, createRequire's result, esbuild's shim) or an interop helper. */
function roleOf(init: Node, bindings: Bindings, source: string): Role | undefined {
  // `require`, createRequire's result, `module.require` (also bound: `.bind(module)`), `process.mainModule.require`, `Module._load`.
  // Also one choice of several: `global.require || process.mainModule.constructor._load`.
  if (someChoice(init, (choice) => isRequire(withoutBind(choice), bindings) || isRequireShim(choice))) return "require";
  return isInteropHelper(init, source) ? "interop" : undefined;
}

/**
 * What one declaration binds (into `bindings`), by what names already are (`known`): an import, a
 * variable (`= require(..)`, `{ exec } = cp`, `= cp.exec`, `= require`), an interop helper, a
 * then-callback's parameter.
 */
function bindDeclaration(bindings: Bindings, node: Node, known: Bindings, { roles, declaredBy, createRequireNames, platformObjects }: Facts): void {
  const role = roles.get(node);
  if (role) {
    bindings.bind((node.id as Node).name as string, role, undefined, node, role);
    return;
  }
  const platform = platformObjects.get(node);
  if (platform?.object === "require") {
    bindings.bind(platform.name.name as string, "require", undefined, node, "require");
    return;
  }
  if (platform) {
    bindOnlyWhereUsed(bindings, bindings.bind(platform.name.name as string, platform.object, undefined, platform.declaration ?? node));
    return;
  }
  if (node.type === "ImportDeclaration") {
    // `import type { exec }` and `import { type exec }` load nothing at run time.
    if (node.importKind === "type") return;
    const module = normalise(String((node.source as Node).value));
    for (const specifier of node.specifiers as Node[]) {
      if (specifier.importKind === "type") continue;
      const local = (specifier.local as Node).name as string;
      const imported = specifier.imported as Node | undefined;
      bindings.bind(local, module, specifier.type === "ImportSpecifier" ? moduleExportName(imported!) : undefined, node);
    }
  } else if (node.type === "TSImportEqualsDeclaration") {
    // TypeScript's `import cp = require("child_process")`; `import type` loads nothing, `import x = A.b` is an alias.
    const reference = node.moduleReference as Node;
    const specifier = reference.type === "TSExternalModuleReference" && node.importKind !== "type" ? stringLiteral(reference.expression) : undefined;
    if (specifier !== undefined) bindings.bind((node.id as Node).name as string, normalise(specifier), undefined, node);
  } else if (node.type === "VariableDeclarator" && node.init) {
    const init = unwrap(node.init as Node);
    const id = node.id as Node;
    // createRequire under a name a declarator gave it (`const cr = require("module").createRequire`),
    // which the roles worked out from imports alone cannot know.
    const maker = init.type === "CallExpression" ? unwrap(init.callee as Node) : undefined;
    if (id.type === "Identifier" && maker?.type === "Identifier" && createRequireNames.has(maker.name as string) && isCreateRequire(maker, known)) {
      bindings.bind(id.name as string, "require", undefined, node, "require");
      return;
    }
    // A webpack load, `const fs = r(896)`, binds fs to the module, or to each of several that 896 is given (bindToModule).
    const loads = maker ? loadedModules(init, maker, known.webpack) : [];
    if (loads.length > 0) {
      bindToModule(bindings, id, loads, node);
      return;
    }
    const module = id.type === "Identifier" ? requiredModule(init, known) : moduleOf(init, known);
    if (module) {
      bindToModule(bindings, id, [module], node);
      return;
    }
    const getterOf = id.type === "Identifier" ? defaultGetterOf(init, known) : undefined;
    if (getterOf !== undefined) {
      bindings.bind(id.name as string, getterOf.module, undefined, node, "getter", getterOf.candidates);
      return;
    }
    const promised = id.type === "Identifier" ? promisedFunction(init, known) : undefined;
    if (promised) {
      bindings.bind(id.name as string, promised.module, promised.member, node);
      return;
    }
    const instance = id.type === "Identifier" && init.type === "CallExpression" ? INSTANCE_MAKERS.get(calleeTarget(init.callee as Node, known) ?? "") : undefined;
    if (instance) {
      bindings.bind(id.name as string, instance, undefined, node);
      return;
    }
    const owner = init.type === "MemberExpression" && id.type === "Identifier" ? moduleOf(init.object as Node, known) : undefined;
    // `cp[name]` is some member, not the module: only a static member is bound.
    const member = owner ? propertyName(init) : undefined;
    if (owner && member !== undefined) bindings.bind(id.name as string, owner, member, node);
  } else if (node.type === "AssignmentExpression") {
    // Bound where the assigned variable is declared: `var fs; … fs = require("fs")`.
    const declarator = declaredBy.get(node);
    const module = declarator && requiredModule(node.right as Node, known);
    if (module) bindings.bind((node.left as Node).name as string, module, undefined, declarator!);
  } else if (node.type === "CallExpression") {
    const module = requiredModule((node.callee as Node).object as Node, known);
    const callback = (node.arguments as Node[])[0];
    const parameter = callback?.type === "ArrowFunctionExpression" || callback?.type === "FunctionExpression" ? (callback.params as Node[])[0] : undefined;
    if (module && parameter) bindToModule(bindings, parameter, [module], parameter);
  }
}

// The initialisers a declarator may bind its name through (bindDeclaration), unwrapped: a call
// (a require, an import, a webpack load, an interop helper, a promisify, a client maker), a
// member of a module, and, destructured, a module's name.
const BINDING_INITS = new Set(["CallExpression", "ImportExpression", "MemberExpression"]);

/**
 * Whether a declaration may bind a name in some pass of moduleBindings, told once: most of a
 * bundle's declarators are functions, literals, objects and other expressions no pass binds.
 */
function mayBind(node: Node, { roles, declaredBy, platformObjects }: Facts): boolean {
  if (roles.has(node) || platformObjects.has(node)) return true;
  if (node.type === "VariableDeclarator") {
    if (!node.init) return false;
    const init = unwrap(node.init as Node);
    return BINDING_INITS.has(init.type) || (init.type === "Identifier" && (node.id as Node).type !== "Identifier");
  }
  if (node.type === "AssignmentExpression") return declaredBy.has(node);
  return node.type !== "FunctionDeclaration";
}

// Clients made from a library are the library as far as where they connect goes:
// `const api = axios.create({ baseURL })`, whose `api.get(url)` is axios.get.
export const INSTANCE_MAKERS = new Map([
  ["axios.create", "axios"],
  ["got.extend", "got"],
  ["ky.create", "ky"],
  ["ky.extend", "ky"],
]);

/**
 * The module function `util.promisify(f)` makes a promise of: `f` itself as far as what it does
 * goes (`const run = promisify(execFile)` runs what `run("git", …)` names; `promisify(fs.readFile)`
 * reads what its calls name).
 */
function promisedFunction(init: Node, bindings: Bindings): Pick<Binding, "module" | "member"> | undefined {
  if (init.type !== "CallExpression" || calleeTarget(init.callee as Node, bindings) !== "util.promisify") return undefined;
  const promised = unwrap((init.arguments as Node[])[0] ?? init);
  if (promised.type === "Identifier") {
    const binding = bindingAt(bindings, promised);
    return binding && binding.role === undefined ? { module: binding.module, member: binding.member } : undefined;
  }
  const member = promised.type === "MemberExpression" ? propertyName(promised) : undefined;
  const module = member === undefined ? undefined : moduleOf(promised.object as Node, bindings, member);
  return module === undefined ? undefined : { module, member };
}

// A chain of names bound through names (`const { exec } = cp`, `const a1 = a0.default`) takes a
// pass per link, and real files settle in one to four; a file whose bindings still change after
// this many passes keeps the last pass's, and is reported as not fully analysed.
const MAX_PASSES = 32;

/**
 * The names a file binds to modules through import declarations, `require` and `import()`:
 * `import * as cp`, `import { exec } from`, `import cp = require(..)`, `const cp = require(..)`, `const { spawn } =
 * require(..)`, `const exec = require(..).exec`, `import(..).then(({ spawn }) => ..)`, and
 * through names bound so (`const { exec } = cp`, `const run = cp.exec`), also as compilers
 * write them (`const fs_1 = __importDefault(require("fs"))`) and as webpack bundles load them
 * (`const fs = r(147)`); and platform functions under other names (`const send = fetch`). Takes
 * the file's declarations (isDeclaration) in walk order, so that the AST is walked once for every
 * pre-pass. Each binding counts in its declarations' scopes (Bindings); platform functions' other
 * names only where they are used, not namesakes. `webpackExternals`: what the package's other files'
 * bundles define, which the file's split chunks may load (webpackBundles).
 */
export function moduleBindings(declarations: Node[], file: BoundFile, webpackExternals?: WebpackExternals): Bindings {
  // First what depends on nothing bound through other declarations: imports (createRequire may be
  // imported under another name), then require's other names and interop helpers, then the
  // modules webpack bundles load by id, which their modules hand on as requires do.
  const seeds = new Bindings(file);
  const declaredNames = new Set(declarations.flatMap(declaredNamesOf));
  seeds.declaredNames = declaredNames;
  const facts: Facts = { roles: new Map(), declaredBy: new Map(), createRequireNames: createRequireNamesOf(declarations), platformObjects: new Map() };
  for (const node of declarations) if (node.type === "ImportDeclaration" || node.type === "TSImportEqualsDeclaration") bindDeclaration(seeds, node, seeds, facts);
  // Names of platform objects, then of require, each round by the names the round before bound
  // (`const h = g` after `const g = globalThis`; `const s = r` after `const r = require`).
  const declarators = declarations.filter((node) => node.type === "VariableDeclarator" || node.type === "FunctionDeclaration");
  const bindSeed = (node: Node) => bindDeclaration(seeds, node, seeds, facts);
  // Searched once: objects are bound before the rounds below, functions after the module bindings.
  const assigned = assignedPlatformNames(declarations, seeds);
  // Round after round, as for declarators below: `p = g.process` once `g = globalThis` is bound.
  for (let pending = assigned, round = 0; pending.length && round < MAX_PASSES; round++) {
    const found = assignedPlatformObjects(pending, seeds);
    for (const [assignment, fact] of found) facts.platformObjects.set(assignment, fact);
    for (const assignment of found.keys()) bindSeed(assignment);
    pending = found.size ? pending.filter(({ assignment }) => !found.has(assignment)) : [];
  }
  settleFacts(declarators, facts.platformObjects, (node) => platformObjectOf(node, seeds), bindSeed);
  settleFacts(declarators, facts.roles, (node) => roleOfDeclaration(node, seeds), bindSeed);
  const bundles = webpackBundles(declarations, file, (expression) => moduleOf(expression, seeds), webpackExternals);
  seeds.webpack = bundles;
  facts.declaredBy = assignedDeclarators(declarations, seeds);
  // The walk's order is not the source's, and one declaration may name the module another binds
  // (`const { exec } = cp`): each pass binds every declaration by what the pass before found,
  // until a pass finds what an earlier one did: the one before, or (in code that cannot run,
  // `const b = a.default; var a = b.exec`) one a few passes back, the states going round. A pass
  // never reads what it is still binding, so no declaration keeps what a partial pass made of it.
  let known = seeds;
  const passes: Bindings[] = [];
  const bindable = declarations.filter((node) => mayBind(node, facts));
  for (let settled = false; !settled; ) {
    const next = new Bindings(file);
    next.declaredNames = declaredNames;
    next.webpack = bundles;
    for (const node of bindable) bindDeclaration(next, node, known, facts);
    known = next;
    settled = passes.some((earlier) => next.sameAs(earlier));
    passes.push(next);
    // Honest code never gets here; a file that does says so (analyzeSource), rather than passing quietly.
    if (!settled && passes.length === MAX_PASSES) {
      known.unsettled = true;
      break;
    }
  }
  // Then, once, the other names of platform functions, which no module binding depends on.
  // All read before any is bound: a binding changes the name's scope index, which the next read would rebuild.
  // Then round after round for names given those names (`const G = F` after `const F = Function`).
  // `var f; … f = eval`: a platform function assigned to a declared name, bound where it is declared.
  for (const { assignment, declaration } of assigned) {
    const alias = unwrap(assignment.left as Node);
    const global = alias.type === "Identifier" ? globalOf(unwrap(assignment.right as Node), known) : undefined;
    if (global !== undefined) bindGlobalAlias(known, { alias, global, declarator: declaration });
  }
  // `({ eval: h } = globalThis)`, `[{ eval: f }] = [globalThis]`: each name bound where it is declared.
  for (const alias of destructuredGlobalAliases(declarations, known)) bindGlobalAlias(known, alias);
  let asked = declarations.filter((node) => node.type === "VariableDeclarator" && node.init);
  for (let round = 0; asked.length > 0 && round < MAX_PASSES; round++) {
    const aliases: GlobalAlias[] = [];
    for (const node of asked) collectGlobalAliases(known, node, aliases);
    for (const alias of aliases) bindGlobalAlias(known, alias);
    const named = new Set(aliases.map((alias) => alias.alias.name as string));
    const done = new Set(aliases.map((alias) => alias.declarator));
    asked = named.size === 0 ? [] : asked.filter((node) => !done.has(node) && namesAny(unwrap(node.init as Node), named));
  }
  return known;
}

/**
 * Works out a fact of each declarator, round after round, by what the round before bound, until a
 * round finds none: after the first, only declarators whose initialiser names a name just bound
 * are asked again. Every fact of a round is read before any is bound: a binding changes its name's
 * scope index, which the next read would rebuild.
 */
function settleFacts<T>(declarators: Node[], facts: Map<Node, T>, factOf: (node: Node) => T | undefined, bind: (node: Node) => void): void {
  for (let asked = declarators; asked.length > 0; ) {
    const found: [Node, T][] = [];
    for (const node of asked) {
      const fact = facts.has(node) ? undefined : factOf(node);
      if (fact !== undefined) found.push([node, fact]);
    }
    for (const [node, fact] of found) facts.set(node, fact);
    for (const [node] of found) bind(node);
    const bound = new Set(found.map(([node]) => boundName(node)));
    asked = bound.size === 0 ? [] : declarators.filter((node) => node.type === "VariableDeclarator" && node.init && namesAny(unwrap(node.init as Node), bound));
  }
}

/** The name a fact's declarator binds: its own, or the destructured one (platformObjectOf). */
function boundName(node: Node): string {
  const id = node.id as Node;
  if (id.type === "Identifier") return id.name as string;
  if (id.type === "ArrayPattern") return (id.elements as (Node | null)[]).map((element) => element && withoutDefault(element)).find((target) => target?.type === "Identifier")?.name as string;
  return (id.properties as Node[]).map((property) => (property.type === "Property" ? withoutDefault(unwrap(property.value as Node)) : property)).find((target) => target.type === "Identifier")?.name as string;
}

/** Whether an initialiser reads one of `names` where a fact could come from it: the root of a member chain, a bound function's, either side of a choice. */
function namesAny(init: Node, names: ReadonlySet<string>): boolean {
  if (init.type === "LogicalExpression") return namesAny(unwrap(init.left as Node), names) || namesAny(unwrap(init.right as Node), names);
  if (init.type === "ConditionalExpression") return namesAny(unwrap(init.consequent as Node), names) || namesAny(unwrap(init.alternate as Node), names);
  const root = chainRoot(withoutBind(init));
  const called = root.type === "CallExpression" ? chainRoot(unwrap(root.callee as Node)) : root;
  return called.type === "Identifier" && names.has(called.name as string);
}

/**
 * A declared function's or a declarator's role (roleOf, or an interop helper declared as a
 * function), if it has one: known from imports and the declaration alone, so worked out once.
 */
function roleOfDeclaration(node: Node, imports: Bindings): Role | undefined {
  const id = node.id as Node | null | undefined;
  if (node.type === "FunctionDeclaration") return id && isInteropHelper(node, imports.file.source) ? "interop" : undefined;
  return node.type === "VariableDeclarator" && node.init && id?.type === "Identifier" ? roleOf(unwrap(node.init as Node), imports, imports.file.source) : undefined;
}

const elementsOf = (list: Node | undefined) =>
  list?.type === "ArrayExpression" ? (list.elements as (Node | null)[]).filter((element): element is Node => element !== null && element.type !== "SpreadElement") : [];

// As with calleeTarget, the rules ask about each call in turn: the last answer is kept.
let lastCall: Node | undefined;
let lastEffective: { callee: Node; args: Node[] } | undefined;

/**
 * The function a call really calls, with the arguments it gets: `f.call(self, a)`,
 * `f.apply(self, [a])`, `Reflect.apply(f, self, [a])`, `Reflect.construct(f, [a])` and
 * `f.bind(self, a)(b)` call `f` (with `a`, and `b`). Arguments spread from elsewhere are left out.
 * `Reflect` is the platform's unless the file declares a name of its own for it (`bindings`).
 */
export function effectiveCall(node: Node, bindings: Bindings): { callee: Node; args: Node[] } {
  if (node === lastCall && lastEffective) return lastEffective;
  const callee = unwrap(node.callee as Node);
  const args = node.arguments as Node[];
  let effective = { callee, args };
  if (node.type === "CallExpression" && callee.type === "MemberExpression") {
    const method = propertyName(callee);
    const object = unwrap(callee.object as Node);
    const onReflect = object.type === "Identifier" && object.name === "Reflect" && !bindings.declaredNames.has("Reflect");
    if (method === "call") effective = { callee: object, args: args.slice(1) };
    else if (onReflect && (method === "apply" || method === "construct")) {
      // Reflect.apply(f, self, [a]), Reflect.construct(f, [a]).
      if (args[0]) effective = { callee: unwrap(args[0]), args: elementsOf(args[method === "apply" ? 2 : 1]) };
    } else if (method === "apply") effective = { callee: object, args: elementsOf(args[1]) };
  } else if (node.type === "CallExpression" && callee.type === "CallExpression") {
    const bind = unwrap(callee.callee as Node);
    if (bind.type === "MemberExpression" && propertyName(bind) === "bind") effective = { callee: unwrap(bind.object as Node), args: [...(callee.arguments as Node[]).slice(1), ...args] };
  }
  lastCall = node;
  lastEffective = effective;
  return effective;
}

/** The names a declaration gives a function, a variable or an import under (Bindings.declaredNames). */
function declaredNamesOf(node: Node): string[] {
  if (node.type === "ImportDeclaration") return (node.specifiers as Node[]).map((specifier) => (specifier.local as Node).name as string);
  const id = node.id as Node | null | undefined;
  return (node.type === "FunctionDeclaration" || node.type === "VariableDeclarator") && id?.type === "Identifier" ? [id.name as string] : [];
}

/** The names targets end with (`exec` of `child_process.exec`), for mayTarget. */
export const lastNamesOf = (targets: Iterable<string>) => new Set([...targets].map((target) => target.slice(target.lastIndexOf(".") + 1)));

/**
 * Whether a callee's target can be one of the targets whose last names are given, told without
 * working it out: a member call's target ends with the member's name, so `list.push(x)` is not
 * `child_process.exec` whatever `list` is. A member of a file of the package's own may be any
 * module's function under another name (ownCodeRead): what it hands on there is asked, and told so.
 * Most calls of a bundle are ruled out before a string is built for their target.
 */
export function mayTarget(wrapped: Node, lastNames: Set<string>, bindings: Bindings): boolean {
  const callee = unwrap(wrapped);
  if (callee.type !== "MemberExpression") return true;
  const member = propertyName(callee);
  if (member === undefined) return false;
  // A module's `default` is the module: `node_fetch_1.default(url)` is node-fetch itself.
  if (member === "default" || lastNames.has(member)) return true;
  // `Object.getOwnPropertyDescriptor(globalThis, "eval").value`: whatever it reads (reflectiveRead).
  const object = unwrap(callee.object as Node);
  const reader = member === "value" && object.type === "CallExpression" ? unwrap(object.callee as Node) : undefined;
  if (reader?.type === "MemberExpression" && propertyName(reader) === "getOwnPropertyDescriptor") return true;
  // What the package's own code hands on under the member (asked once per file and member path).
  const read = bindings.file.ownFileMember ? ownCodeRead(callee.object as Node, bindings) : undefined;
  // `shell_1.default.run` reads run of the module, as the target does (moduleMemberRef).
  const path = read && (read.members[0] === "default" ? [...read.members.slice(1), member] : [...read.members, member]);
  const target = read && bindings.file.ownFileMember!(read.module, path!);
  return target !== undefined && lastNames.has(target.slice(target.lastIndexOf(".") + 1));
}

/** The static members read one after another (`a.b.c`: a, then b and c), or undefined where one is computed. */
export function memberChain(node: Node): { root: Node; members: string[] } | undefined {
  let root = unwrap(node);
  const members: string[] = [];
  while (root.type === "MemberExpression") {
    const name = propertyName(root);
    if (name === undefined) return undefined;
    members.unshift(name);
    root = unwrap(root.object as Node);
  }
  return { root, members };
}

/**
 * The package's own code an object is read from (a file, or a package bundled in its tarball:
 * Bindings.ownsModule), with the members read on the way: `shell_1` (none), `shell_1.default`,
 * `require("./shell").tools`, `ns` of `const { ns } = require("./io")`. Its members may be any
 * module's functions under other names (`exports.run = cp.exec`). Asked only where the file binds
 * such a name, or requires or imports one in place. `name`: the name read from and its binding,
 * unless the code is required or imported in place.
 */
export function ownCodeRead(object: Node, bindings: Bindings): { module: string; members: string[]; name?: { identifier: Node; binding: Binding } } | undefined {
  const chain = memberChain(object);
  if (!chain) return undefined;
  const { root: node, members } = chain;
  // In place: `require("./shell")`, under require's other names, and `(await import("./shell.js"))`.
  const inPlace = node.type === "ImportExpression" || (node.type === "CallExpression" && isRequire(unwrap(node.callee as Node), bindings));
  if (inPlace) {
    const module = moduleOf(node, bindings);
    return module !== undefined && bindings.ownsModule(module) ? { module, members } : undefined;
  }
  const binding = node.type === "Identifier" && bindings.bindsOwnFiles ? bindingAt(bindings, node) : undefined;
  if (binding === undefined || binding.role !== undefined || !bindings.ownsModule(binding.module)) return undefined;
  if (binding.member !== undefined) members.unshift(binding.member);
  return { module: binding.module, members, name: { identifier: node, binding } };
}

const NO_MEMBERS: readonly string[] = [];

/**
 * A module's member as a call target (`child_process.exec`; the module itself when `member` is
 * undefined or `default`). Where the module is the package's own code (Bindings.ownsModule) that hands a module or
 * a module's function on under that name (BoundFile.ownFileMember), that is the target: `run` of
 * `./shell`, which exports `run = cp.exec`, is child_process.exec.
 */
export function moduleTarget(bindings: Bindings, module: string, member?: string, more: readonly string[] = NO_MEMBERS): string {
  if (bindings.file.ownFileMember && bindings.ownsModule(module)) {
    const handed = bindings.file.ownFileMember(module, member === undefined ? more : [member, ...more]);
    if (handed !== undefined) return handed;
  }
  // A name for the global object (platformObjectOf): its members are the platform's own globals.
  const target = member === undefined || member === "default" ? module : module === "globalThis" ? member : `${module}.${member}`;
  return more.length ? `${target}.${more.join(".")}` : target;
}

/**
 * A chain of static members read from a file of the package's own (`require("./named").io.slurp`,
 * `ns.slurp` after `const { ns } = require("./io")`), as its target (moduleTarget), or undefined
 * when the chain does not start at one.
 */
function ownFileChainTarget(callee: Node, bindings: Bindings): string | undefined {
  const chain = memberChain(callee);
  if (!chain?.members.length) return undefined;
  const { root, members } = chain;
  const module = moduleOf(root, bindings);
  if (module !== undefined) return bindings.ownsModule(module) ? moduleTarget(bindings, module, undefined, members) : undefined;
  const binding = root.type === "Identifier" ? bindingAt(bindings, root) : undefined;
  return binding?.member !== undefined && binding.role === undefined && bindings.ownsModule(binding.module) ? moduleTarget(bindings, binding.module, binding.member, members) : undefined;
}

// The rules ask about each call in turn: the last answer is kept, so that it is worked out (and
// its string built) once per call, not once per rule. An AST and its bindings never change
// once built.
let lastCallee: Node | undefined;
let lastBindings: Bindings | undefined;
let lastTarget: string | undefined;

/**
 * What a callee refers to, as `module.member` (`child_process.exec`), a module called directly
 * (`axios`), or a global (`fetch`, `eval`). Undefined when it cannot be told statically.
 */
export function calleeTarget(wrapped: Node, bindings: Bindings): string | undefined {
  if (wrapped !== lastCallee || bindings !== lastBindings) {
    lastTarget = targetOf(wrapped, bindings);
    lastCallee = wrapped;
    lastBindings = bindings;
  }
  return lastTarget;
}

/** A module, or a member of it, as a file names it: a file of the package's own by its specifier there (`./shell`). */
export interface ModuleRef {
  module: string;
  member?: string;
}

/**
 * A static member of a module, where the file binds the module so (`cp.exec`, `require("fs").readFileSync`,
 * `fs_1.default.readFileSync`, whose member after `default` is the one read from the module).
 */
export function moduleMemberRef(member: Node, bindings: Bindings): ModuleRef | undefined {
  const name = propertyName(member);
  if (name === undefined) return undefined;
  const object = unwrap(member.object as Node);
  const viaDefault = object.type === "MemberExpression" && propertyName(object) === "default" ? moduleOf(object.object as Node, bindings, name) : undefined;
  const module = viaDefault ?? moduleOf(object, bindings, name);
  return module === undefined ? undefined : { module, member: name };
}

/** moduleMemberRef as a call target (moduleTarget). */
export function moduleMemberTarget(member: Node, bindings: Bindings): string | undefined {
  const ref = moduleMemberRef(member, bindings);
  return ref && moduleTarget(bindings, ref.module, ref.member);
}

function targetOf(wrapped: Node, bindings: Bindings): string | undefined {
  const callee = unwrap(wrapped);
  // require("express")(): the module called directly.
  if (callee.type === "CallExpression" || callee.type === "ImportExpression") {
    const module = requiredModule(callee, bindings);
    if (module !== undefined) return moduleTarget(bindings, module);
    // `Reflect.get(globalThis, "eval")` reads a member as `globalThis.eval` does.
    return reflectiveRead(callee, bindings);
  }
  if (callee.type === "Identifier") {
    const binding = bindingAt(bindings, callee);
    if (binding) return moduleTarget(bindings, binding.module, binding.member);
    return callee.name as string;
  }
  if (callee.type === "MemberExpression") {
    const member = propertyName(callee);
    if (member === undefined) return undefined;
    const described = member === "value" ? reflectiveRead(callee, bindings) : undefined;
    if (described !== undefined) return described;
    const moduleMember = moduleMemberTarget(callee, bindings);
    if (moduleMember !== undefined) return moduleMember;
    const object = unwrap(callee.object as Node);
    const throughOwnFile = bindings.bindsOwnFiles || object.type === "MemberExpression" ? ownFileChainTarget(callee, bindings) : undefined;
    if (throughOwnFile !== undefined) return throughOwnFile;
    if (object.type === "Identifier") {
      const binding = bindingAt(bindings, object, member);
      if (binding) return binding.member ? `${moduleTarget(bindings, binding.module, binding.member)}.${member}` : moduleTarget(bindings, binding.module, member);
      // `globalThis.fetch` is fetch, `window.process.env` process.env (also where the file declares
      // a `self` of its own somewhere, erring toward reporting).
      const name = object.name as string;
      return GLOBAL_OBJECTS.has(name) ? member : `${name}.${member}`;
    }
    if (object.type === "MemberExpression") {
      const inner = targetOf(object, bindings);
      // `globalThis.globalThis.eval` is eval.
      return inner === undefined ? undefined : GLOBAL_OBJECTS.has(inner) ? member : `${inner}.${member}`;
    }
  }
  return undefined;
}

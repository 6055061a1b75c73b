import { chainRoot, type Node, propertyName, TRANSPARENT, unwrap } from "@/scanner/analysis/ast";
import type { Binding, Bindings, BoundFile } from "@/scanner/analysis/bindings";
import { calleeTarget, effectiveCall, moduleTarget, requiredModule } from "@/scanner/analysis/module-bindings";
import { declaresName, type IdentifierIndex, type IdentifierUse, isReference } from "@/scanner/analysis/identifier-index";
import { ancestorsOf, FUNCTIONS, usesOfDeclarations } from "@/scanner/analysis/name-uses";
import { isLoaderAt } from "@/scanner/analysis/webpack-bundle";

/** A module, or one of its functions, that the file puts where the analysis does not follow it, as a call's target would name it. */
export interface EscapedModule {
  node: Node;
  target: string;
}

// TRANSPARENT expressions' value is their operand's, as the rules see through them (unwrap): a
// module there is where the expression is.
// Expressions whose value may be their operand's, but which the rules do not see through: a
// module called or read from there (`(flag ? cp.execSync : cp.execFileSync)(cmd)`) is not followed.
const CHOOSING = new Set(["ConditionalExpression", "LogicalExpression", "TSInstantiationExpression"]);
// Where a value is looked at and let go (a statement of its own, an operand, a test), where a
// name is no value (imports, exports, which fileExports reports, labels), and types (TypeScript's
// nodes that are not expressions, which TRANSPARENT and CHOOSING hold).
const HARMLESS = new Set([
  "ExpressionStatement", "UnaryExpression", "BinaryExpression", "UpdateExpression", "IfStatement", "WhileStatement", "DoWhileStatement",
  "ForStatement", "ForInStatement", "SwitchStatement", "SwitchCase", "ImportSpecifier", "ImportDefaultSpecifier", "ImportNamespaceSpecifier",
  "ExportSpecifier", "ExportNamedDeclaration", "ExportDefaultDeclaration", "ExportAllDeclaration", "LabeledStatement", "BreakStatement", "ContinueStatement",
]);
// TypeScript's nodes are types, but for an enum member's value and `import run = cp.execSync`.
const TS_VALUES = new Set(["TSEnumMember", "TSImportEqualsDeclaration"]);
const isHarmless = (parent: Node) => HARMLESS.has(parent.type) || (parent.type.startsWith("TS") && !TS_VALUES.has(parent.type));

/** Whether moduleBindings follows a value into the name a declarator or an assignment gives it: it binds that name there to the same target. */
function boundThere(holder: Node, value: Node, target: string, bindings: Bindings): boolean {
  const id = holder.type === "VariableDeclarator" ? (holder.id as Node) : (holder.left as Node);
  if ((holder.type === "VariableDeclarator" ? holder.init : holder.right) !== value) return false;
  // `const { exec, spawn: run } = cp` binds its names to the members they read (bindToModule): plain names only, not an assignment's pattern.
  if (id.type === "ObjectPattern") return holder.type === "VariableDeclarator" && simplePattern(id);
  if (id.type !== "Identifier") return false;
  if (target === "require") return bindings.allAt(id).some((binding) => binding.role === "require");
  return bindings.allAt(id).some((binding) => binding.role === undefined && moduleTarget(bindings, binding.module, binding.member) === target);
}

/** For a return (or an arrow's body) at `ancestors[at]`, the index of the call of its function made at once (`(function () { return x })()`), if it is one. */
function calledAtOnce(ancestors: Node[], at: number): number | undefined {
  const fn = ancestors[at]!.type === "ArrowFunctionExpression" ? at : ancestors.slice(0, at).findLastIndex((node) => FUNCTIONS.has(node.type));
  let callee = fn;
  while (callee > 0 && TRANSPARENT.has(ancestors[callee - 1]!.type)) callee--;
  const call = ancestors[callee - 1];
  return fn > 0 && call?.type === "CallExpression" && call.callee === ancestors[callee] ? callee - 1 : undefined;
}

/** `{ exec, spawn: run }`: names bound to the members they read (bindToModule), without defaults, rest or computed keys. */
const simplePattern = (pattern: Node) => (pattern.properties as Node[]).every((property) => property.type === "Property" && !property.computed && (property.value as Node).type === "Identifier");

/** Whether a name is the file's binding of a module (not a local object named like one): the root of `util.promisify`, or `promisify` itself. */
function rootBound(callee: Node, bindings: Bindings): boolean {
  const root = chainRoot(callee);
  return root.type === "Identifier" ? bindings.at(root) !== undefined : requiredModule(root, bindings) !== undefined;
}

/** `f(x)` whose value moduleBindings takes for x's: an interop helper's (`__toESM(require("fs"))`) or util's promisify. */
const passesOn = (call: Node, bindings: Bindings) =>
  requiredModule(call, bindings) !== undefined || (calleeTarget(call.callee as Node, bindings) === "util.promisify" && rootBound(call.callee as Node, bindings));

/**
 * A module a webpack bundle's table defines, handed on by its entry (`317(e) { e.exports = require("child_process") }`,
 * or through getters, `e.exports = d({ default: () => fs.default })`): the bundle's loads of it by id
 * are followed (webpackBundles). The assignment at `ancestors[at]` writes the exports of the first
 * parameter of the function around it, and the file's tables define that module.
 */
function webpackEntryExport(ancestors: Node[], at: number, target: string, bindings: Bindings): boolean {
  const assignment = ancestors[at]!;
  const left = assignment.left as Node;
  if (left.type !== "MemberExpression" || propertyName(left) !== "exports" || (left.object as Node).type !== "Identifier") return false;
  const factory = ancestors.slice(0, at).findLast((node) => FUNCTIONS.has(node.type));
  const module = (factory?.params as Node[] | undefined)?.[0];
  if (module?.type !== "Identifier" || module.name !== (left.object as Node).name) return false;
  const root = target.split(".")[0]!;
  return [...bindings.webpack.defined.values()].some((modules) => modules.includes(target) || modules.includes(root));
}

/**
 * The assignment a getter returning a module's member is handed to, as webpack re-exports an
 * external module (`e.exports = d({ default: () => fs.default })`): the arrow at `ancestors[at]` is
 * a property's value in an object that, maybe through a helper's call, is assigned; undefined otherwise.
 */
function getterAssignment(ancestors: Node[], at: number): number | undefined {
  const property = ancestors[at - 1];
  let value = ancestors[at - 2];
  if (property?.type !== "Property" || property.value !== ancestors[at] || value?.type !== "ObjectExpression") return undefined;
  for (let i = at - 3; i >= 0; i--) {
    const holder = ancestors[i]!;
    if (holder.type === "CallExpression" && (holder.arguments as Node[]).includes(value)) value = holder;
    else return holder.type === "AssignmentExpression" && holder.right === value ? i : undefined;
  }
  return undefined;
}

/** webpack's `t = r.n(fs)`: a getter of the module's default export, which moduleBindings binds `t` to (its calls are the module). */
function makesGetter(call: Node, holder: Node | undefined, target: string, bindings: Bindings): boolean {
  if (holder?.type !== "VariableDeclarator" || holder.init !== call || (holder.id as Node).type !== "Identifier") return false;
  return bindings.allAt(holder.id as Node).some((binding) => binding.role === "getter" && binding.module === target);
}

/** tsc's `Promise.resolve().then(() => require("fs"))`: the then-call whose value is the module its callback returns (requiredModule). */
function thenOf(arrow: Node, around: Node | undefined, bindings: Bindings): boolean {
  if (around?.type !== "CallExpression" || (around.arguments as Node[])[0] !== arrow || requiredModule(around, bindings) === undefined) return false;
  const promise = unwrap(((around.callee as Node).object as Node | undefined) ?? around);
  return promise.type === "CallExpression" && calleeTarget(promise.callee as Node, bindings) === "Promise.resolve";
}

/**
 * Where a module or a module's function (`target`; a module, or an object of them such as
 * `fs.promises`, when `namespaces` has it) at `value`, below `ancestors` (program first), goes
 * where the analysis does not follow it, with the target it has there: a member read from a module
 * (`cp.exec`) is that function. Calls of it, members read from it, names moduleBindings binds and
 * what only looks at it are followed, or harmless; anywhere else it escapes.
 */
function escapes(value: Node, ancestors: Node[], target: string, { bindings, namespaces, wanted }: Followed): EscapedModule | undefined {
  let node = value;
  let current = target;
  // Past a conditional or a logical operator the rules no longer see which module it is.
  let chosen = false;
  // `import("child_process")` is a promise of the module until awaited.
  let promise = value.type === "ImportExpression";
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const parent = ancestors[i]!;
    const module = namespaces.has(current);
    // What a function called at once returns is that call's value: esbuild's `(() => typeof require < "u" ? require : …)()`.
    const returnedBy = parent.type === "ReturnStatement" || (parent.type === "ArrowFunctionExpression" && parent.body === node) ? calledAtOnce(ancestors, i) : undefined;
    if (promise && parent.type !== "AwaitExpression") return promiseFollowed(parent, node, ancestors[i - 1], current, bindings) ? undefined : { node, target: current };
    if (TRANSPARENT.has(parent.type) || (parent.type === "SequenceExpression" && (parent.expressions as Node[]).at(-1) === node)) {
      if (parent.type === "AwaitExpression") promise = false;
      node = parent;
    } else if (parent.type === "TSQualifiedName") {
      node = parent;
    } else if (current === "require" && parent.type === "MemberExpression" && parent.object === node) {
      // require itself: `require.resolve` only finds a path; `require.main` and `require.cache` hold
      // modules that load (`require.main.require(…)`), only compared or deleted (`require.main ===
      // module`) they load nothing; `require.call(…)` loads what no rule reads.
      const member = propertyName(parent);
      if (member === "resolve") return undefined;
      if (member !== "main" && member !== "cache") return { node, target: current };
      let at = i;
      while (at > 0 && (ancestors[at - 1]!.type === "ChainExpression" || (ancestors[at - 1]!.type === "MemberExpression" && ancestors[at - 1]!.object === ancestors[at]))) at--;
      const around = ancestors[at - 1];
      return around?.type === "BinaryExpression" || (around?.type === "UnaryExpression" && around.operator !== "void") ? undefined : { node, target: current };
    } else if (returnedBy !== undefined) {
      i = returnedBy;
      node = ancestors[i]!;
    } else if (CHOOSING.has(parent.type)) {
      if (parent.type === "ConditionalExpression" && parent.test === node) return undefined;
      chosen = true;
      node = parent;
    } else if (parent.type === "MemberExpression" && parent.object === node) {
      // `cp[name]` may be any of the module's functions, `exec[symbol]` another function; `(cp || x).exec` is not followed.
      if (parent.computed || chosen) return { node, target: current };
      const member = propertyName(parent)!;
      if (module) {
        if (member !== "default") current = `${current}.${member}`;
        node = parent;
        continue;
      }
      // A function's `call` and `apply` call it (effectiveCall); `bind` gives another name for it; its
      // other members are not it, but a write to one (`cp.execSync.call = …`) changes what its calls do.
      const call = ancestors[i - 1];
      if (call?.type === "AssignmentExpression" && call.left === parent) return { node, target: current };
      if (member !== "bind" || call?.type !== "CallExpression" || call.callee !== parent) return undefined;
      node = call;
      i--;
    } else if ((parent.type === "CallExpression" || parent.type === "NewExpression") && parent.callee === node) {
      return chosen ? { node, target: current } : undefined;
    } else if (parent.type === "CallExpression" && passesOn(parent, bindings)) {
      node = parent;
    } else if (parent.type === "CallExpression" && current !== "require" && calledThrough(parent, node, wanted, bindings)) {
      return undefined;
    } else if (parent.type === "CallExpression" && makesGetter(parent, ancestors[i - 1], current, bindings)) {
      return undefined;
    } else if (parent.type === "ArrowFunctionExpression" && parent.body === node && thenOf(parent, ancestors[i - 1], bindings)) {
      node = ancestors[--i]!;
      promise = true;
    } else if (parent.type === "ArrowFunctionExpression" && parent.body === node) {
      const assigned = getterAssignment(ancestors, i);
      return assigned !== undefined && webpackEntryExport(ancestors, assigned, current, bindings) ? undefined : { node, target: current };
    } else if (parent.type === "VariableDeclarator" || parent.type === "AssignmentExpression") {
      if (parent.type === "AssignmentExpression" && parent.left === node) return undefined;
      if (parent.type === "AssignmentExpression" && node === value && module && webpackEntryExport(ancestors, i, current, bindings)) return undefined;
      // Past a choice no binding is made (`const { exec } = flag ? cp : {}`), but for require's own shims, which moduleBindings knows.
      if ((chosen && current !== "require") || !boundThere(parent, node, current, bindings)) return { node, target: current };
      if (parent.type === "VariableDeclarator") return undefined;
      // An assignment's own value is the module too: `run(c = cp)`.
      node = parent;
    } else if (parent.type === "TemplateLiteral") {
      // A string's part is a string, unless a tag gets the value itself.
      return ancestors[i - 1]?.type === "TaggedTemplateExpression" ? { node, target: current } : undefined;
    } else {
      if ((parent.type === "Property" && parent.value !== node) || (parent.type === "MemberExpression" && parent.property === node)) return undefined;
      return isHarmless(parent) ? undefined : { node, target: current };
    }
  }
  return undefined;
}

/** What escapes are told by: the file's bindings, the targets the rules report, and which of them are modules or objects of modules. */
interface Followed {
  bindings: Bindings;
  wanted: ReadonlySet<string>;
  namespaces: ReadonlySet<string>;
}

/**
 * A call that calls the value (`Reflect.apply(cp.execFileSync, cp, args)`, which effectiveCall
 * reads), or one the rules follow that gets it as an argument: Node's functions call no method of
 * what they are given. Not `setTimeout(cp.exec, 0, cmd)`, which calls it out of the rules' sight.
 */
function calledThrough(call: Node, value: Node, wanted: ReadonlySet<string>, bindings: Bindings): boolean {
  const { callee } = effectiveCall(call, bindings);
  if (callee === value) return true;
  const target = calleeTarget(callee, bindings);
  return target !== undefined && wanted.has(target) && rootBound(callee, bindings);
}

/**
 * What a promise of a module (`import("child_process")`, tsc's then-chain) may do and stay
 * followed: be awaited (the caller's loop), or have `then` called with a callback whose parameter
 * moduleBindings binds to the module (`import("x").then((cp) => …)`). `catch`, `finally`, a
 * callback by name and anything else hand the module where it is not followed.
 */
function promiseFollowed(parent: Node, node: Node, around: Node | undefined, target: string, bindings: Bindings): boolean {
  if (parent.type !== "MemberExpression" || parent.object !== node || propertyName(parent) !== "then") return isHarmless(parent);
  if (around?.type !== "CallExpression" || around.callee !== parent) return false;
  const callback = (around.arguments as Node[])[0];
  const parameter = callback?.type === "ArrowFunctionExpression" || callback?.type === "FunctionExpression" ? (callback.params as Node[])[0] : undefined;
  if (parameter === undefined) return callback !== undefined && (callback.type === "ArrowFunctionExpression" || callback.type === "FunctionExpression");
  if (parameter.type === "ObjectPattern") return simplePattern(parameter);
  return parameter.type === "Identifier" && bindings.allAt(parameter).some((binding) => binding.role === undefined && moduleTarget(bindings, binding.module, binding.member) === target);
}

/** A call that may load a module as require does: `require(…)`, require's other names (`module.require`, createRequire's result, `Module._load`). */
export function mayLoad(call: Node, bindings: Bindings): boolean {
  const callee = unwrap(call.callee as Node);
  if (callee.type === "Identifier") {
    const name = callee.name as string;
    return name === "require" || (bindings.has(name) && bindings.at(callee)?.role === "require") || bindings.webpack.all.some((bundle) => isLoaderAt(bundle, name, call.start));
  }
  if (callee.type === "MemberExpression") return ["require", "_load"].includes(propertyName(callee) ?? "");
  return callee.type === "CallExpression";
}

const namespacesByTargets = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();

/** The modules and objects of modules among targets (handedTargets): those some other target is a member of (`fs`, `fs.promises`). */
function namespacesOf(targets: ReadonlySet<string>): ReadonlySet<string> {
  let namespaces = namespacesByTargets.get(targets);
  if (!namespaces) {
    namespaces = new Set([...targets].flatMap((target) => [...target.matchAll(/\./g)].map((dot) => target.slice(0, dot.index))));
    namespacesByTargets.set(targets, namespaces);
  }
  return namespaces;
}

/** `cp.exec(…)`: a member of the module called where it is read, as nearly every use is, told without climbing the AST. */
const calledInPlace = ({ node, parent, grandparent }: IdentifierUse) =>
  parent.type === "MemberExpression" && parent.object === node && !parent.computed && (grandparent?.type === "CallExpression" || grandparent?.type === "NewExpression") && grandparent.callee === parent;

/**
 * The modules and module functions among `wanted` targets (handedTargets) that the file hands to
 * code it does not follow: stored in an object or array (`{ cp }`, `[require("child_process")]`,
 * `{ read: fs.readFileSync }`), passed to a function, returned, given to a name moduleBindings
 * does not bind (`run = cp.exec`, `const c = flag ? cp : os`). Their calls happen there, out of
 * the rules' sight. `loads`: the file's module loads (require, import()). Exports (`exported`,
 * the values fileExports hands on) are reported as handed on, not here.
 */
export function escapedModules(file: BoundFile, bindings: Bindings, identifiers: IdentifierIndex, loads: readonly Node[], wanted: ReadonlySet<string>, exported: ReadonlySet<Node>): EscapedModule[] {
  const { program, source } = file;
  const followed: Followed = { bindings, wanted, namespaces: namespacesOf(wanted) };
  const escaped: EscapedModule[] = [];
  const add = (found: EscapedModule | undefined) => {
    if (found && wanted.has(found.target) && !exported.has(found.node)) escaped.push(found);
  };
  // A module's members may be wanted when it is: handedTargets holds the modules of the targets.
  const bound: { name: string; binding: Binding; target: string }[] = [];
  for (const [name, binding] of bindings.entries()) {
    // Names of require (`const r = require`) hand on what require does: `{ r }` loads out of sight.
    const target = binding.role === undefined ? moduleTarget(bindings, binding.module, binding.member) : binding.role === "require" ? "require" : undefined;
    if (target !== undefined && wanted.has(target)) bound.push({ name, binding, target });
  }
  // One pass over the file's identifiers for every name asked about, require's too.
  const byName = identifiers.namedAmong(new Set([...bound.map(({ name }) => name), "require"]));
  for (const { name, binding, target } of bound) {
    // Told from the identifiers alone, most uses are calls in place.
    const named = byName.get(name)!;
    const candidates = named.filter((use) => isReference(use) && !declaresName(use) && !calledInPlace(use));
    if (!candidates.length) continue;
    // A namesake declared anywhere but by the binding's own declarations may hide it in a scope of
    // its own (minifiers call a module and a hundred parameters `e`): then the binding's own uses
    // are searched for in its scope; else every use of the name there is its.
    const own = binding.declarations.map((declaration) => (declaration.type === "VariableDeclarator" ? (declaration.id as Node) : declaration));
    const namesakes = named.some((use) => declaresName(use) && !own.some((declared) => declared.start <= use.node.start && use.node.end <= declared.end));
    const uses = namesakes ? new Set(usesOfDeclarations(program, source, name, binding.declarations).map((use) => use.node)) : undefined;
    // The text search misses a name spelt otherwise (`ex\u0065c`): such a use counts wherever the binding's scope holds it.
    const shadowed = (node: Node) => uses !== undefined && !uses.has(node) && source.slice(node.start, node.end) === name;
    for (const { node, parent } of candidates) {
      if (shadowed(node) || !bindings.allAt(node).includes(binding)) continue;
      // Descending by offsets could end in a shorthand property's key, which spans what its value does: from the parent.
      add(escapes(node, [...ancestorsOf(program, parent), parent], target, followed));
    }
  }
  // require itself, handed on, loads any module out of sight (`o = { r: require }`, `require.call(null, "child_process")`).
  if (wanted.has("require")) {
    for (const use of byName.get("require")!) {
      if (!isReference(use) || declaresName(use) || bindings.at(use.node) !== undefined || (use.parent.type === "CallExpression" && use.parent.callee === use.node)) continue;
      const ancestors = [...ancestorsOf(program, use.parent), use.parent];
      // Inside a shim moduleBindings takes for require (esbuild's `__require`), require is what the shim hands on, as its name is.
      const shim = ancestors.some((node) => node.type === "VariableDeclarator" && (node.id as Node).type === "Identifier" && bindings.allAt(node.id as Node).some((binding) => binding.role === "require"));
      if (!shim) add(escapes(use.node, ancestors, "require", followed));
    }
  }
  for (const node of loads) {
    const module = requiredModule(node, bindings);
    if (module === undefined) continue;
    const target = moduleTarget(bindings, module);
    if (wanted.has(target)) add(escapes(node, ancestorsOf(program, node), target, followed));
  }
  return escaped;
}

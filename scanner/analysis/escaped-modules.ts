import { type Node, propertyName } from "@/scanner/analysis/ast";
import type { Binding, Bindings, BoundFile } from "@/scanner/analysis/bindings";
import { calleeTarget, moduleTarget, requiredModule } from "@/scanner/analysis/module-bindings";
import { declaresName, type IdentifierIndex, type IdentifierUse } from "@/scanner/analysis/identifier-index";
import { ancestorsOf, usesOfDeclarations } from "@/scanner/analysis/name-uses";

/** A module, or one of its functions, that the file puts where the analysis does not follow it, as a call's target would name it. */
export interface EscapedModule {
  node: Node;
  target: string;
}

// Expressions whose value may be one of their operands: a module there is where the expression is.
const PASSING = new Set([
  "ConditionalExpression", "LogicalExpression", "SequenceExpression", "AwaitExpression", "ParenthesizedExpression",
  "TSAsExpression", "TSSatisfiesExpression", "TSNonNullExpression", "TSTypeAssertion", "ChainExpression",
]);
// Where a value goes to code the analysis does not follow: stored in an object or array, spread,
// passed, returned (also as an arrow's body), thrown, yielded, given as a default or a class field.
const HANDING = new Set([
  "Property", "ArrayExpression", "SpreadElement", "CallExpression", "NewExpression", "ReturnStatement", "ThrowStatement",
  "YieldExpression", "AssignmentPattern", "PropertyDefinition", "JSXExpressionContainer", "ArrowFunctionExpression",
]);

/** Whether moduleBindings follows a value into the name a declarator or an assignment gives it: it binds that name there to the same target. */
function boundThere(holder: Node, value: Node, target: string, bindings: Bindings): boolean {
  const id = holder.type === "VariableDeclarator" ? (holder.id as Node) : (holder.left as Node);
  // `const { exec } = cp` binds its names to the members they read (not so an assignment's pattern).
  if (id.type === "ObjectPattern") return holder.type === "VariableDeclarator";
  if (id.type !== "Identifier" || (holder.type === "VariableDeclarator" ? holder.init : holder.right) !== value) return false;
  return bindings.allAt(id).some((binding) => binding.role === undefined && moduleTarget(bindings, binding.module, binding.member) === target);
}

// Functions that only look at what they are given: `Object.prototype.hasOwnProperty.call(cp, "exec")`.
const INSPECTING = new Set([
  "Object.prototype.hasOwnProperty.call", "Object.hasOwn", "Object.keys", "Object.getOwnPropertyNames", "Reflect.has", "Reflect.ownKeys",
  "Array.isArray", "console.log", "console.error", "console.warn", "console.debug", "console.info",
]);

/** `module.exports = …`, `exports.run = …`, `e.exports = …` in a bundle's module: a module's exports. */
function writesExports(left: Node): boolean {
  if (left.type !== "MemberExpression") return false;
  const object = left.object as Node;
  return propertyName(left) === "exports" || (object.type === "Identifier" && object.name === "exports") || (object.type === "MemberExpression" && propertyName(object) === "exports");
}

/** `f(x)` whose value moduleBindings takes for x's: an interop helper's (`__toESM(require("fs"))`) or promisify's. */
const passesOn = (call: Node, bindings: Bindings) => requiredModule(call, bindings) !== undefined || calleeTarget(call.callee as Node, bindings) === "util.promisify";

/** Whether the file holds webpack bundles, or a part of one (webpackBundles), whose modules' exports its loader reads. */
const inWebpackBundle = (bindings: Bindings) => bindings.webpack.all.length > 0 || bindings.webpack.chunk !== undefined;

/**
 * A getter among a module's exports, as webpack re-exports an external module's members
 * (`e.exports = d({ default: () => fs.default })`): the arrow at `ancestors[at]` is the value of a
 * property of an object that, maybe through a helper's call, is assigned to a module's exports,
 * whose loads webpackBundles follows.
 */
function exportsGetter(ancestors: Node[], at: number): boolean {
  const property = ancestors[at - 1];
  let value = ancestors[at - 2];
  if (property?.type !== "Property" || property.value !== ancestors[at] || value?.type !== "ObjectExpression") return false;
  for (let i = at - 3; i >= 0; i--) {
    const holder = ancestors[i]!;
    if (holder.type === "CallExpression" && (holder.arguments as Node[]).includes(value)) value = holder;
    else return holder.type === "AssignmentExpression" && holder.right === value && writesExports(holder.left as Node);
  }
  return false;
}

/** webpack's `t = r.n(fs)`: a getter of the module's default export, which moduleBindings binds `t` to (its calls are the module). */
function makesGetter(call: Node, holder: Node | undefined, target: string, bindings: Bindings): boolean {
  if (holder?.type !== "VariableDeclarator" || holder.init !== call || (holder.id as Node).type !== "Identifier") return false;
  return bindings.allAt(holder.id as Node).some((binding) => binding.role === "getter" && binding.module === target);
}

/** `….then(() => require("fs"))`: the then-call whose value is the module its callback returns (requiredModule). */
function thenOf(arrow: Node, around: Node | undefined, bindings: Bindings): Node | undefined {
  return around?.type === "CallExpression" && (around.arguments as Node[])[0] === arrow && requiredModule(around, bindings) !== undefined ? around : undefined;
}

/**
 * Where a module or a module's function (`target`) at `value`, below `ancestors` (program
 * first), goes where the analysis does not follow it, with the target it has there: a member
 * read from a module (`cp.exec`) is that function. Calls of it, members read from it, names
 * moduleBindings binds and plain operands are followed, or harmless.
 */
function escapes(value: Node, ancestors: Node[], target: string, isModule: boolean, bindings: Bindings): EscapedModule | undefined {
  let node = value;
  let current = target;
  let module = isModule;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const parent = ancestors[i]!;
    if (PASSING.has(parent.type)) {
      // Only the last of a sequence, and not a conditional's test, is its value.
      if (parent.type === "SequenceExpression" && (parent.expressions as Node[]).at(-1) !== node) return undefined;
      if (parent.type === "ConditionalExpression" && parent.test === node) return undefined;
      node = parent;
    } else if (parent.type === "MemberExpression") {
      if (parent.object !== node) return undefined;
      const member = parent.computed ? undefined : propertyName(parent);
      if (module) {
        // `cp[name]` may be any of the module's functions.
        if (member === undefined) return { node: parent, target: current };
        if (member !== "default") current = `${current}.${member}`;
        module = false;
        node = parent;
        continue;
      }
      // A function's `call` and `apply` call it (effectiveCall); `bind` gives another name for it; its other members are not it.
      const call = ancestors[i - 1];
      if (member !== "bind" || call?.type !== "CallExpression" || call.callee !== parent) return undefined;
      node = call;
      i--;
    } else if ((parent.type === "CallExpression" || parent.type === "NewExpression") && parent.callee === node) {
      return undefined;
    } else if (parent.type === "CallExpression" && passesOn(parent, bindings)) {
      node = parent;
    } else if (parent.type === "CallExpression" && makesGetter(parent, ancestors[i - 1], current, bindings)) {
      return undefined;
    } else if (parent.type === "ArrowFunctionExpression" && parent.body === node && thenOf(parent, ancestors[i - 1], bindings)) {
      node = ancestors[--i]!;
    } else if (parent.type === "ArrowFunctionExpression" && parent.body === node && inWebpackBundle(bindings) && exportsGetter(ancestors, i)) {
      return undefined;
    } else if (parent.type === "CallExpression" && INSPECTING.has(calleeTarget(parent.callee as Node, bindings) ?? "")) {
      return undefined;
    } else if (parent.type === "VariableDeclarator" || parent.type === "AssignmentExpression") {
      if (parent.type === "AssignmentExpression" && parent.left === node) return undefined;
      // A webpack bundle's module handing on a module it loads (`e.exports = require("fs")`): its loads are followed by id.
      if (parent.type === "AssignmentExpression" && node === value && module && inWebpackBundle(bindings) && writesExports(parent.left as Node)) return undefined;
      return boundThere(parent, node, current, bindings) ? undefined : { node, target: current };
    } else {
      if ((parent.type === "Property" && parent.value !== node) || (parent.type === "ArrowFunctionExpression" && parent.body !== node)) return undefined;
      return HANDING.has(parent.type) ? { node, target: current } : undefined;
    }
  }
  return undefined;
}

/** Whether an identifier refers to its name: not a member's or a key's name (`a.cp`, `{ cp: 1 }`). */
function isReference({ node, parent }: IdentifierUse): boolean {
  if (parent.computed) return true;
  if (parent.type === "MemberExpression") return parent.property !== node;
  if (parent.type === "Property" || parent.type === "MethodDefinition" || parent.type === "PropertyDefinition") return parent.key !== node || parent.value === node;
  return true;
}

/** `cp.exec(…)`: a member of the module called where it is read, as nearly every use is, told without climbing the AST. */
const calledInPlace = ({ node, parent, grandparent }: IdentifierUse) =>
  parent.type === "MemberExpression" && parent.object === node && (grandparent?.type === "CallExpression" || grandparent?.type === "NewExpression") && grandparent.callee === parent;

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
  const escaped: EscapedModule[] = [];
  const add = (found: EscapedModule | undefined) => {
    if (found && wanted.has(found.target) && !exported.has(found.node)) escaped.push(found);
  };
  // A module's members may be wanted when it is: handedTargets holds the modules of the targets.
  const followed: { name: string; binding: Binding; target: string }[] = [];
  for (const [name, binding] of bindings.entries()) {
    const target = binding.role === undefined ? moduleTarget(bindings, binding.module, binding.member) : undefined;
    if (target !== undefined && wanted.has(target)) followed.push({ name, binding, target });
  }
  const byName = identifiers.namedAmong(new Set(followed.map(({ name }) => name)));
  for (const { name, binding, target } of followed) {
    // Told from the identifiers alone, most uses are calls in place.
    const named = byName.get(name)!;
    const candidates = named.filter((use) => isReference(use) && !declaresName(use) && !calledInPlace(use));
    if (!candidates.length) continue;
    // A namesake declared anywhere but by the binding's own declarations may hide it in a scope of
    // its own (minifiers call a module and a hundred parameters `e`): then the binding's own uses
    // are searched for in its scope; else every use of the name there is its.
    const own = new Set(binding.declarations);
    const namesakes = named.some((use) => declaresName(use) && !own.has(use.node) && !own.has(use.parent) && !own.has(use.grandparent!));
    const uses = namesakes ? new Set(usesOfDeclarations(program, source, name, binding.declarations).map((use) => use.node)) : undefined;
    for (const { node, parent } of candidates) {
      if ((uses && !uses.has(node)) || bindings.at(node) !== binding) continue;
      // Descending by offsets could end in a shorthand property's key, which spans what its value does: from the parent.
      add(escapes(node, [...ancestorsOf(program, parent), parent], target, binding.member === undefined, bindings));
    }
  }
  for (const node of loads) {
    const module = requiredModule(node, bindings);
    if (module === undefined) continue;
    const target = moduleTarget(bindings, module);
    if (wanted.has(target)) add(escapes(node, ancestorsOf(program, node), target, true, bindings));
  }
  return escaped;
}

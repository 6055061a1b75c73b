import { isExportsObject, keyName, moduleExportName, type Node, propertyName, stringLiteral } from "@/scanner/analysis/ast";
import { appendAll } from "@/scanner/append-all";

/** A value the top of a file exports: under a name, or (`name` undefined) as the module itself or merged into it. */
export interface TopLevelExport {
  name?: string;
  value: Node;
  /** A merge that leaves the names the file exports itself alone (tsc's `__exportStar`, esbuild's `__reExport`), as `export *` does; `Object.assign` replaces them. */
  keepsOwn?: true;
  /** Exported in a top-level `if`, which may not run. */
  conditional?: true;
  /** Written through the `exports` name (`exports.run = …`), whose object a later `module.exports = …` leaves behind. */
  throughExportsName?: true;
}

const isExportsName = (node: Node) => node.type === "Identifier" && node.name === "exports";

/** `module.exports` itself, or a member of it or of `exports`: a bare `exports = …` only rebinds a local. */
function exportTarget(target: Node): { name?: string; throughExportsName?: true } | undefined {
  if (target.type !== "MemberExpression") return undefined;
  if (isExportsObject(target)) return {};
  if (!isExportsObject(target.object as Node)) return undefined;
  return isExportsName(target.object as Node) ? { name: propertyName(target), throughExportsName: true } : { name: propertyName(target) };
}

/**
 * Whether, after an expression, the `exports` name still names the exports object: not once it is
 * replaced (`module.exports = …`) without pointing the name at the new one, as
 * `module.exports = exports = …` and a later `exports = module.exports` do. Undefined when the
 * expression changes neither.
 */
function exportsNameAttached(expression: Node): boolean | undefined {
  let attached: boolean | undefined;
  for (const part of expression.type === "SequenceExpression" ? (expression.expressions as Node[]) : [expression]) {
    let replaces = false;
    let renames = false;
    let node = part;
    for (; node.type === "AssignmentExpression" && node.operator === "="; node = node.right as Node) {
      const left = node.left as Node;
      if (isExportsName(left)) renames = true;
      else if (left.type === "MemberExpression" && isExportsObject(left)) replaces = true;
    }
    // `exports = module.exports` points the name at the exports again; `exports = {}` away from them.
    const toModuleExports = replaces || (node.type === "MemberExpression" && isExportsObject(node));
    if (renames) attached = toModuleExports;
    else if (replaces) attached = false;
  }
  return attached;
}

/** `{ a: x, ...y }` as exports: each property under its name, each spread merged. */
function objectExports(object: Node, out: TopLevelExport[]): void {
  for (const property of object.properties as Node[]) out.push(property.type === "Property" ? { name: keyName(property), value: property.value as Node } : { value: property.argument as Node });
}

/** What a getter returns: `() => cp.exec`, or `function () { return cp.exec; }` (tsc, Babel). */
function getterValue(getter: Node | undefined): Node | undefined {
  if (getter?.type === "ArrowFunctionExpression" && getter.expression) return getter.body as Node;
  if (getter?.type !== "FunctionExpression" && getter?.type !== "ArrowFunctionExpression") return undefined;
  const statements = ((getter.body as Node | null)?.body as Node[] | undefined) ?? [];
  return statements.length === 1 && statements[0]!.type === "ReturnStatement" ? ((statements[0]!.argument as Node | null) ?? undefined) : undefined;
}

/** An object of getters, as esbuild's `__export(target, { exec: () => cp.exec })` and Babel's `_export(exports, { … })` take them: each under its name. */
function getterExports(object: Node | undefined, out: TopLevelExport[]): boolean {
  const properties = object?.type === "ObjectExpression" ? (object.properties as Node[]) : [];
  const values = properties.map((property) => (property.type === "Property" ? getterValue(property.value as Node) : undefined));
  if (properties.length === 0 || values.includes(undefined)) return false;
  properties.forEach((property, i) => out.push({ name: keyName(property), value: values[i]! }));
  return true;
}

/** What tsc's `Object.defineProperty(exports, "exec", { get: function () { return cp.exec; } })` (or `{ value: … }`) exports. */
function definedProperty(call: Node): TopLevelExport | undefined {
  const callee = call.callee as Node;
  const [object, name, descriptor] = call.arguments as Node[];
  if (callee.type !== "MemberExpression" || propertyName(callee) !== "defineProperty" || !object || !isExportsObject(object) || descriptor?.type !== "ObjectExpression") return undefined;
  const field = (key: string) => (descriptor.properties as Node[]).find((property) => property.type === "Property" && keyName(property) === key)?.value as Node | undefined;
  const value = field("get") ? getterValue(field("get")) : field("value");
  // A computed name (`defineProperty(exports, k, …)`) is not known here.
  return value ? { name: stringLiteral(name), value } : undefined;
}

/**
 * What a top-level call exports: tsc's property getters; a call given the exports object, which
 * merges the rest into it (`Object.assign(module.exports, cp)`, tsc's `__exportStar(require("fs"),
 * exports)`, esbuild's `__reExport(target, require("fs"), module.exports)`, Babel's getters);
 * esbuild's getters (`__export(target, { exec: () => cp.exec })`, known by shape, whatever
 * minifying named it).
 */
function callExports(call: Node, out: TopLevelExport[]): void {
  const defined = definedProperty(call);
  if (defined) {
    out.push(defined);
    return;
  }
  const args = call.arguments as Node[];
  if (!args.some(isExportsObject)) {
    if (args.length === 2) getterExports(args[1], out);
    return;
  }
  const callee = call.callee as Node;
  const assigns = callee.type === "MemberExpression" && propertyName(callee) === "assign";
  const throughExportsName = args.some(isExportsName) ? { throughExportsName: true as const } : {};
  for (const arg of args) if (!isExportsObject(arg) && !getterExports(arg, out)) out.push(assigns ? { value: arg, ...throughExportsName } : { value: arg, keepsOwn: true, ...throughExportsName });
}

/**
 * What an assignment exports, following a chain (`module.exports = exports = cp`, `exports.a =
 * exports.b = x`) to its value, which is exported once under each name.
 */
function assignmentExports(assignment: Node, out: TopLevelExport[]): void {
  const names: { name: string; throughExportsName?: true }[] = [];
  let node = assignment;
  let whole = false;
  for (; node.type === "AssignmentExpression" && node.operator === "="; node = node.right as Node) {
    const target = exportTarget(node.left as Node);
    if (!target) continue;
    if (target.name === undefined) whole = true;
    else names.push({ name: target.name, ...(target.throughExportsName ? { throughExportsName: true as const } : {}) });
  }
  if (whole && node.type === "ObjectExpression") objectExports(node, out);
  else if (whole) out.push({ value: node });
  for (const { name, throughExportsName } of names) out.push(throughExportsName ? { name, value: node, throughExportsName } : { name, value: node });
}

function expressionExports(expression: Node, out: TopLevelExport[]): void {
  for (const part of expression.type === "SequenceExpression" ? (expression.expressions as Node[]) : [expression]) {
    if (part.type === "CallExpression") callExports(part, out);
    else if (part.type === "AssignmentExpression") assignmentExports(part, out);
  }
}

/**
 * The statements at a file's top level, and in its top-level blocks and `if`s, which run there too:
 * `if (typeof module === "object") module.exports = …`, as UMD wrappers write it.
 */
function topLevelStatements(program: Node): { statement: Node; conditional: boolean }[] {
  const statements: { statement: Node; conditional: boolean }[] = [];
  const pending = [...(program.body as Node[])].reverse().map((statement) => ({ statement, conditional: false }));
  while (pending.length) {
    const { statement, conditional } = pending.pop()!;
    if (statement.type === "BlockStatement") for (let i = (statement.body as Node[]).length - 1; i >= 0; i--) pending.push({ statement: (statement.body as Node[])[i]!, conditional });
    else if (statement.type === "IfStatement") {
      if (statement.alternate) pending.push({ statement: statement.alternate as Node, conditional: true });
      pending.push({ statement: statement.consequent as Node, conditional: true });
    } else statements.push({ statement, conditional });
  }
  return statements;
}

/**
 * The values the top of a file exports: CommonJS's `module.exports = …`, `exports.a = …` (in
 * sequences and chains, as minifiers and compilers write them, and `var m = module.exports = …`),
 * tsc's and esbuild's helpers, and ES modules' `export const`, `export default`, `export { a as
 * b }` and TypeScript's `export = …`. Re-exports from another module (`export … from`) are not
 * values of the file's own: their statements say what they re-export.
 */
export function topLevelExports(program: Node): TopLevelExport[] {
  const exported: TopLevelExport[] = [];
  let detached = false;
  for (const { statement, conditional } of topLevelStatements(program)) {
    if (statement.exportKind === "type") continue;
    const before = exported.length;
    if (statement.type === "ExpressionStatement") expressionExports(statement.expression as Node, exported);
    else if (statement.type === "VariableDeclaration") {
      for (const declarator of statement.declarations as Node[]) if ((declarator.init as Node | null)?.type === "AssignmentExpression") assignmentExports(declarator.init as Node, exported);
    } else if (statement.type === "ExportDefaultDeclaration") exported.push({ name: "default", value: statement.declaration as Node });
    else if (statement.type === "TSExportAssignment") exported.push({ value: statement.expression as Node });
    else if (statement.type === "ExportNamedDeclaration" && !statement.source) {
      const declaration = statement.declaration as Node | null;
      // `export import cp = require("child_process")`: the name is bound like an import.
      if (declaration?.type === "TSImportEqualsDeclaration") exported.push({ name: (declaration.id as Node).name as string, value: declaration.id as Node });
      if (declaration?.type === "VariableDeclaration") for (const declarator of declaration.declarations as Node[]) declaredExports(declarator, exported);
      for (const specifier of statement.specifiers as Node[]) {
        if (specifier.exportKind !== "type") exported.push({ name: moduleExportName(specifier.exported as Node), value: specifier.local as Node });
      }
    }
    if (conditional) for (let i = before; i < exported.length; i++) exported[i]!.conditional = true;
    // After `module.exports = …`, `exports.readFileSync = fake` changes an object nobody imports.
    if (detached) {
      const kept = exported.slice(before).filter((entry) => !entry.throughExportsName);
      exported.length = before;
      appendAll(exported, kept);
    }
    // Also in declarators: `var e = exports = module.exports`.
    const expressions = statement.type === "ExpressionStatement" ? [statement.expression as Node] : statement.type === "VariableDeclaration" ? (statement.declarations as Node[]).flatMap((declarator) => (declarator.init ? [declarator.init as Node] : [])) : [];
    for (const expression of conditional ? [] : expressions) {
      const attached = exportsNameAttached(expression);
      if (attached !== undefined) detached = !attached;
    }
  }
  return exported;
}

/** `export const run = cp.exec`, and each name of `export const { exec, spawn: run } = cp`, whose names are bound as the file binds them. */
function declaredExports(declarator: Node, out: TopLevelExport[]): void {
  const id = declarator.id as Node;
  if (id.type === "Identifier" && declarator.init) out.push({ name: id.name as string, value: declarator.init as Node });
  if (id.type !== "ObjectPattern") return;
  for (const property of id.properties as Node[]) {
    const value = property.type === "Property" ? (property.value as Node) : undefined;
    if (value?.type === "Identifier") out.push({ name: value.name as string, value });
  }
}

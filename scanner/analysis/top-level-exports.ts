import { isExportsObject, keyName, moduleExportName, type Node, propertyName } from "@/scanner/analysis/ast";

/** A value the top of a file exports: under a name, or (`name` undefined) as the module itself or merged into it. */
export interface TopLevelExport {
  name?: string;
  value: Node;
}

/** `module.exports` itself, or a member of it or of `exports`: a bare `exports = …` only rebinds a local. */
function exportTarget(target: Node): { name?: string } | undefined {
  if (target.type !== "MemberExpression") return undefined;
  if (isExportsObject(target)) return {};
  return isExportsObject(target.object as Node) ? { name: propertyName(target) } : undefined;
}

/** `{ a: x, ...y }` as exports: each property under its name, each spread merged. */
function objectExports(object: Node): TopLevelExport[] {
  return (object.properties as Node[]).map((property) => (property.type === "Property" ? { name: keyName(property), value: property.value as Node } : { value: property.argument as Node }));
}

/** What tsc's `Object.defineProperty(exports, "exec", { get: function () { return cp.exec; } })` (or `{ value: … }`) exports. */
function definedProperty(call: Node): TopLevelExport | undefined {
  const callee = call.callee as Node;
  const [object, name, descriptor] = call.arguments as Node[];
  if (callee.type !== "MemberExpression" || propertyName(callee) !== "defineProperty" || !object || !isExportsObject(object) || descriptor?.type !== "ObjectExpression") return undefined;
  const field = (key: string) => (descriptor.properties as Node[]).find((property) => property.type === "Property" && keyName(property) === key)?.value as Node | undefined;
  const getter = field("get");
  let value = field("value");
  if (getter?.type === "ArrowFunctionExpression" && getter.expression) value = getter.body as Node;
  else if (getter) {
    const statements = ((getter.body as Node | undefined)?.body as Node[] | undefined) ?? [];
    value = statements.length === 1 && statements[0]!.type === "ReturnStatement" ? ((statements[0]!.argument as Node | null) ?? undefined) : undefined;
  }
  return value ? { name: name && moduleExportName(name), value } : undefined;
}

/**
 * What a top-level call exports: tsc's property getters; a call given the exports object, which
 * merges the rest into it (`Object.assign(module.exports, cp)`, tsc's `__exportStar(require("fs"),
 * exports)`, esbuild's `__reExport(target, require("fs"), module.exports)`); esbuild's getters
 * (`__export(target, { exec: () => cp.exec })`, known by shape, whatever minifying named it).
 */
function callExports(call: Node): TopLevelExport[] {
  const defined = definedProperty(call);
  if (defined) return [defined];
  const args = call.arguments as Node[];
  if (args.some(isExportsObject)) return args.filter((arg) => !isExportsObject(arg)).map((value) => ({ value }));
  const getters = args.length === 2 && args[1]!.type === "ObjectExpression" ? (args[1]!.properties as Node[]) : [];
  const isGetter = (property: Node) => property.type === "Property" && (property.value as Node).type === "ArrowFunctionExpression" && (property.value as Node).expression === true;
  return getters.length > 0 && getters.every(isGetter) ? getters.map((property) => ({ name: keyName(property), value: (property.value as Node).body as Node })) : [];
}

/** What an assignment exports, following a chain (`module.exports = exports = cp`, `exports.a = exports.b = x`) to its value. */
function assignmentExports(assignment: Node): TopLevelExport[] {
  const targets: { name?: string }[] = [];
  let node = assignment;
  for (; node.type === "AssignmentExpression" && node.operator === "="; node = node.right as Node) {
    const target = exportTarget(node.left as Node);
    if (target) targets.push(target);
  }
  return targets.flatMap(({ name }) => (name === undefined && node.type === "ObjectExpression" ? objectExports(node) : [{ name, value: node }]));
}

function expressionExports(expression: Node): TopLevelExport[] {
  const parts = expression.type === "SequenceExpression" ? (expression.expressions as Node[]) : [expression];
  return parts.flatMap((part) => (part.type === "CallExpression" ? callExports(part) : part.type === "AssignmentExpression" ? assignmentExports(part) : []));
}

/**
 * The statements at a file's top level, and in its top-level blocks and `if`s, which run there too:
 * `if (typeof module === "object") module.exports = …`, as UMD wrappers write it.
 */
function topLevelStatements(program: Node): Node[] {
  const statements: Node[] = [];
  const pending = [...(program.body as Node[])].reverse();
  while (pending.length) {
    const statement = pending.pop()!;
    if (statement.type === "BlockStatement") pending.push(...[...(statement.body as Node[])].reverse());
    else if (statement.type === "IfStatement") pending.push(...[statement.alternate as Node | null, statement.consequent as Node].filter((branch): branch is Node => branch !== null));
    else statements.push(statement);
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
  for (const statement of topLevelStatements(program)) {
    if (statement.exportKind === "type") continue;
    if (statement.type === "ExpressionStatement") exported.push(...expressionExports(statement.expression as Node));
    else if (statement.type === "VariableDeclaration") {
      for (const declarator of statement.declarations as Node[]) if ((declarator.init as Node | null)?.type === "AssignmentExpression") exported.push(...assignmentExports(declarator.init as Node));
    } else if (statement.type === "ExportDefaultDeclaration") exported.push({ name: "default", value: statement.declaration as Node });
    else if (statement.type === "TSExportAssignment") exported.push({ value: statement.expression as Node });
    else if (statement.type === "ExportNamedDeclaration" && !statement.source) {
      const declaration = statement.declaration as Node | null;
      // `export import cp = require("child_process")`: the name is bound like an import.
      if (declaration?.type === "TSImportEqualsDeclaration") exported.push({ name: (declaration.id as Node).name as string, value: declaration.id as Node });
      if (declaration?.type === "VariableDeclaration") {
        for (const declarator of declaration.declarations as Node[]) {
          if ((declarator.id as Node).type === "Identifier" && declarator.init) exported.push({ name: (declarator.id as Node).name as string, value: declarator.init as Node });
        }
      }
      for (const specifier of statement.specifiers as Node[]) {
        if (specifier.exportKind !== "type") exported.push({ name: moduleExportName(specifier.exported as Node), value: specifier.local as Node });
      }
    }
  }
  return exported;
}

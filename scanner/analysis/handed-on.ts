import { isExportsObject, keyName, type Node, propertyName, stringLiteral } from "@/scanner/analysis/ast";
import type { Bindings } from "@/scanner/analysis/bindings";
import { moduleOf, normalise, requiredModule, unwrap } from "@/scanner/analysis/module-bindings";

/**
 * A module, or one of its functions, that a file hands to the files that import it, as a call's
 * target would name it (`child_process`, `child_process.exec`). The calls are in those other files,
 * which the analysis reads one at a time: `module.exports = require("child_process")` in one file
 * and `require("./shell").exec("curl … | sh")` in another would otherwise show no capability at all.
 */
export interface HandedOn {
  node: Node;
  target: string;
}

/** The module or module member a value is, where the file binds it so (`cp`, `cp.exec`, `require("fs")`, `exec` from `{ exec } = cp`). */
function targetOf(value: Node, bindings: Bindings): string | undefined {
  const node = unwrap(value);
  if (node.type === "Identifier") {
    const binding = bindings.at(node);
    if (!binding || binding.role !== undefined) return undefined;
    return binding.member === undefined ? binding.module : `${binding.module}.${binding.member}`;
  }
  if (node.type === "MemberExpression") {
    const member = propertyName(node);
    const module = member === undefined ? undefined : moduleOf(node.object as Node, bindings, member);
    return module === undefined ? undefined : member === "default" ? module : `${module}.${member}`;
  }
  return requiredModule(node, bindings);
}

/** What tsc's `Object.defineProperty(exports, "exec", { get: function () { return cp.exec; } })` hands on. */
function getterValue(call: Node): Node | undefined {
  const callee = call.callee as Node;
  const [object, , descriptor] = call.arguments as Node[];
  if (callee.type !== "MemberExpression" || propertyName(callee) !== "defineProperty" || !object || !isExportsObject(object) || descriptor?.type !== "ObjectExpression") return undefined;
  const getter = (descriptor.properties as Node[]).find((property) => property.type === "Property" && keyName(property) === "get")?.value as Node | undefined;
  if (getter?.type === "ArrowFunctionExpression" && getter.expression) return getter.body as Node;
  const body = getter && (getter.body as Node | undefined)?.type === "BlockStatement" ? ((getter.body as Node).body as Node[]) : [];
  return body.length === 1 && body[0]!.type === "ReturnStatement" ? ((body[0]!.argument as Node | null) ?? undefined) : undefined;
}

/** The values a top-level expression hands on: `module.exports = x`, `module.exports = { a: x }`, `exports.a = x`, tsc's getters and `__exportStar(require("m"), exports)`. */
function handedByExpression(expression: Node, values: Node[]): void {
  for (const part of expression.type === "SequenceExpression" ? (expression.expressions as Node[]) : [expression]) {
    if (part.type === "CallExpression") {
      const value = getterValue(part);
      const [first, second] = part.arguments as Node[];
      if (value) values.push(value);
      else if (first && second && isExportsObject(second)) values.push(first);
      continue;
    }
    if (part.type !== "AssignmentExpression" || part.operator !== "=") continue;
    const target = part.left as Node;
    const right = part.right as Node;
    if (!isExportsObject(target) && !(target.type === "MemberExpression" && isExportsObject(target.object as Node))) continue;
    values.push(right);
  }
}

/**
 * The modules and module functions a file hands on at its top level: through `module.exports`
 * and `exports` (also as tsc compiles re-exports), and ES module exports and re-exports
 * (`export default cp`, `export { cp }`, `export const run = cp.exec`, `export { exec } from
 * "child_process"`, `export * from "fs"`).
 */
export function handedOn(program: Node, bindings: Bindings): HandedOn[] {
  const handed: HandedOn[] = [];
  const values: Node[] = [];
  for (const statement of program.body as Node[]) {
    // `export type * from "fs"`, `export type { exec }`: types only, nothing handed on at run time.
    if (statement.exportKind === "type") continue;
    if (statement.type === "ExpressionStatement") handedByExpression(statement.expression as Node, values);
    else if (statement.type === "ExportDefaultDeclaration") values.push(statement.declaration as Node);
    else if (statement.type === "ExportAllDeclaration") handed.push({ node: statement, target: normalise(String((statement.source as Node).value)) });
    else if (statement.type === "ExportNamedDeclaration") {
      const source = stringLiteral(statement.source);
      const declaration = statement.declaration as Node | null;
      if (declaration?.type === "VariableDeclaration") for (const declarator of declaration.declarations as Node[]) if (declarator.init) values.push(declarator.init as Node);
      for (const specifier of statement.specifiers as Node[]) {
        if (specifier.exportKind === "type") continue;
        const local = specifier.local as Node;
        const name = (local.name as string | undefined) ?? stringLiteral(local);
        if (source === undefined) values.push(local);
        else if (name !== undefined) handed.push({ node: specifier, target: name === "default" ? normalise(source) : `${normalise(source)}.${name}` });
      }
    }
  }
  // An object of functions is handed on with them (`module.exports = { run: cp.exec, ...fs }`).
  const expanded = values.flatMap((value) => (value.type === "ObjectExpression" ? (value.properties as Node[]).map((property) => (property.type === "Property" ? property.value : property.argument) as Node) : [value]));
  for (const value of expanded) {
    const target = targetOf(value, bindings);
    if (target !== undefined) handed.push({ node: value, target });
  }
  return handed;
}

/** The handed-on targets that are among `targets`, or whole modules some of them are members of. */
export function handedOnAmong(handed: HandedOn[], targets: Iterable<string>): HandedOn[] {
  if (handed.length === 0) return handed;
  const wanted = new Set(targets);
  for (const target of [...wanted]) for (let dot = target.indexOf("."); dot > 0; dot = target.indexOf(".", dot + 1)) wanted.add(target.slice(0, dot));
  return handed.filter(({ target }) => wanted.has(target));
}

import { moduleExportName, type Node, stringLiteral } from "@/scanner/analysis/ast";
import type { Bindings } from "@/scanner/analysis/bindings";
import { moduleMemberTarget, normalise, requiredModule, unwrap } from "@/scanner/analysis/module-bindings";
import { topLevelExports } from "@/scanner/analysis/top-level-exports";

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

/** The module or module member a value is, where the file binds it so (`cp`, `cp.exec`, `require("fs")`, `exec` from `{ exec } = cp`); a name the file does not bind is nothing. */
function targetOf(node: Node, bindings: Bindings): string | undefined {
  if (node.type === "Identifier") {
    const binding = bindings.at(node);
    if (!binding || binding.role !== undefined) return undefined;
    return binding.member === undefined ? binding.module : `${binding.module}.${binding.member}`;
  }
  return node.type === "MemberExpression" ? moduleMemberTarget(node, bindings) : requiredModule(node, bindings);
}

// Objects of objects of functions are handed on with them, this deep.
const MAX_DEPTH = 4;

/** The values an exported value may be: itself, both branches of `a ? cp : x` and `cp || {}`, and an object's members. */
function possibleValues(value: Node, depth = 0): Node[] {
  const node = unwrap(value);
  if (depth > MAX_DEPTH) return [];
  if (node.type === "ConditionalExpression") return [...possibleValues(node.consequent as Node, depth + 1), ...possibleValues(node.alternate as Node, depth + 1)];
  if (node.type === "LogicalExpression") return [...possibleValues(node.left as Node, depth + 1), ...possibleValues(node.right as Node, depth + 1)];
  if (node.type !== "ObjectExpression") return [node];
  return (node.properties as Node[]).flatMap((property) => possibleValues((property.type === "Property" ? property.value : property.argument) as Node, depth + 1));
}

/** What re-export statements hand on: `export * from "fs"`, `export * as net from "https"`, `export { exec as run } from "child_process"`. */
function reExported(statement: Node): HandedOn[] {
  const source = stringLiteral(statement.source);
  if (source === undefined || statement.exportKind === "type") return [];
  const module = normalise(source);
  if (statement.type === "ExportAllDeclaration") return [{ node: statement, target: module }];
  if (statement.type !== "ExportNamedDeclaration") return [];
  return (statement.specifiers as Node[]).flatMap((specifier) => {
    const name = specifier.exportKind === "type" ? undefined : moduleExportName(specifier.local as Node);
    return name === undefined ? [] : [{ node: specifier, target: name === "default" ? module : `${module}.${name}` }];
  });
}

/**
 * The modules and module functions a file hands on at its top level: what it exports
 * (topLevelExports) that is a module or a module's function, and what it re-exports.
 */
export function handedOn(program: Node, bindings: Bindings): HandedOn[] {
  const handed = (program.body as Node[]).flatMap(reExported);
  // One value may be exported under many names (`exports.a = exports.b = cp.exec`): it is handed on once.
  const seen = new Set<Node>();
  for (const { value } of topLevelExports(program)) {
    if (seen.has(value)) continue;
    seen.add(value);
    for (const node of possibleValues(value)) {
      const target = targetOf(node, bindings);
      if (target !== undefined) handed.push({ node, target });
    }
  }
  return handed;
}

/** Targets, and the whole modules some of them are members of (`child_process` for `child_process.exec`): what may be handed on to reach them. Built once per rule. */
export function handedTargets(targets: Iterable<string>): ReadonlySet<string> {
  const wanted = new Set(targets);
  for (const target of [...wanted]) for (let dot = target.indexOf("."); dot > 0; dot = target.indexOf(".", dot + 1)) wanted.add(target.slice(0, dot));
  return wanted;
}

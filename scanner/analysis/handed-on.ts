import { moduleExportName, type Node, stringLiteral } from "@/scanner/analysis/ast";
import type { Bindings } from "@/scanner/analysis/bindings";
import { moduleMemberTarget, moduleTarget, normalise, requiredModule, unwrap } from "@/scanner/analysis/module-bindings";
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
  /**
   * How importers get it when it is an export itself: under these names, and merged into the module
   * (`module.exports = cp`, `export * from "fs"`). Undefined for a member of an exported object
   * (`exports.tools = { run: cp.exec }`). One value exported under many names is handed on once.
   */
  exportedAs?: ExportedAs;
}

export interface ExportedAs {
  names: readonly string[];
  merged: boolean;
}

/** The module or module member a value is, where the file binds it so (`cp`, `cp.exec`, `require("fs")`, `exec` from `{ exec } = cp`); a name the file does not bind is nothing. */
function targetOf(node: Node, bindings: Bindings): string | undefined {
  if (node.type === "Identifier") {
    const binding = bindings.at(node);
    return !binding || binding.role !== undefined ? undefined : moduleTarget(bindings, binding.module, binding.member);
  }
  if (node.type === "MemberExpression") return moduleMemberTarget(node, bindings);
  const module = requiredModule(node, bindings);
  return module === undefined ? undefined : moduleTarget(bindings, module);
}

// Objects of objects of functions are handed on with them, this deep.
const MAX_DEPTH = 4;

/** The values an exported value may be: itself, both branches of `a ? cp : x` and `cp || {}`, and an object's members (not `direct`). */
function possibleValues(value: Node, depth = 0, direct = true): { node: Node; direct: boolean }[] {
  const node = unwrap(value);
  if (depth > MAX_DEPTH) return [];
  if (node.type === "ConditionalExpression") return [...possibleValues(node.consequent as Node, depth + 1, direct), ...possibleValues(node.alternate as Node, depth + 1, direct)];
  if (node.type === "LogicalExpression") return [...possibleValues(node.left as Node, depth + 1, direct), ...possibleValues(node.right as Node, depth + 1, direct)];
  if (node.type !== "ObjectExpression") return [{ node, direct }];
  return (node.properties as Node[]).flatMap((property) => possibleValues((property.type === "Property" ? property.value : property.argument) as Node, depth + 1, false));
}

/**
 * What re-export statements hand on: `export * from "fs"`, `export * as net from "https"`,
 * `export { exec as run } from "child_process"`, and what a file of the package's own re-exported so hands on.
 */
function reExported(statement: Node, bindings: Bindings): HandedOn[] {
  const source = stringLiteral(statement.source);
  if (source === undefined || statement.exportKind === "type") return [];
  const module = normalise(source);
  if (statement.type === "ExportAllDeclaration") {
    const name = statement.exported ? moduleExportName(statement.exported as Node) : undefined;
    return [{ node: statement, target: moduleTarget(bindings, module), exportedAs: exportedAs(name) }];
  }
  if (statement.type !== "ExportNamedDeclaration") return [];
  return (statement.specifiers as Node[]).flatMap((specifier) => {
    const local = specifier.exportKind === "type" ? undefined : moduleExportName(specifier.local as Node);
    return local === undefined ? [] : [{ node: specifier, target: moduleTarget(bindings, module, local), exportedAs: exportedAs(moduleExportName(specifier.exported as Node)) }];
  });
}

/** Exported under a name, or (undefined) merged into the module. */
const exportedAs = (name: string | undefined): ExportedAs => (name === undefined ? { names: [], merged: true } : { names: [name], merged: false });

/**
 * The modules and module functions a file hands on at its top level: what it exports
 * (topLevelExports) that is a module or a module's function, and what it re-exports.
 */
export function handedOn(program: Node, bindings: Bindings): HandedOn[] {
  const handed = (program.body as Node[]).flatMap((statement) => reExported(statement, bindings));
  // One value may be exported under many names (`exports.a = exports.b = cp.exec`): it is handed on once, with all of them.
  const names = new Map<Node, { names: string[]; merged: boolean }>();
  for (const { name, value } of topLevelExports(program)) {
    let as = names.get(value);
    if (!as) {
      names.set(value, (as = { names: [], merged: false }));
      for (const { node, direct } of possibleValues(value)) {
        const target = targetOf(node, bindings);
        if (target !== undefined) handed.push(direct ? { node, target, exportedAs: as } : { node, target });
      }
    }
    if (name === undefined) as.merged = true;
    else as.names.push(name);
  }
  return handed;
}

/** Targets, and the whole modules some of them are members of (`child_process` for `child_process.exec`): what may be handed on to reach them. Built once per rule. */
export function handedTargets(targets: Iterable<string>): ReadonlySet<string> {
  const wanted = new Set(targets);
  for (const target of [...wanted]) for (let dot = target.indexOf("."); dot > 0; dot = target.indexOf(".", dot + 1)) wanted.add(target.slice(0, dot));
  return wanted;
}

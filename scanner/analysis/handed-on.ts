import { moduleExportName, type Node, stringLiteral, unwrap } from "@/scanner/analysis/ast";
import type { Bindings } from "@/scanner/analysis/bindings";
import { type ModuleRef, moduleMemberRef, moduleTarget, normalise, requiredModule } from "@/scanner/analysis/module-bindings";
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
  /** The same as the file names it: a file of the package's own by its specifier here, for the package's analysis to follow. */
  ref: ModuleRef;
  /**
   * How importers get it when it is an export itself: under these names, and merged into the module
   * (`module.exports = cp`, `export * from "fs"`). Undefined for a member of an exported object
   * (`exports.tools = { run: cp.exec }`). A value exported under many names is handed on once, with
   * all of them (the names are added as the file's exports are read).
   */
  exportedAs?: ExportedAs;
}

export interface ExportedAs {
  names: string[];
  merged: boolean;
  /** Merged as `export *` and the star helpers merge, leaving the names the file exports itself alone (TopLevelExport.keepsOwn). */
  keepsOwn?: true;
}

/** What a file exports at its top level: the modules and module functions it hands on, and the names it exports something else under. */
export interface FileExports {
  handed: HandedOn[];
  /** Names exported with values that are no module, and where: they hide a module merged into the exports before them. */
  others: { name: string; start: number }[];
}

/** The module or module member a value is, where the file binds it so (`cp`, `cp.exec`, `require("fs")`, `exec` from `{ exec } = cp`); a name the file does not bind is nothing. */
function refOf(node: Node, bindings: Bindings): ModuleRef | undefined {
  if (node.type === "Identifier") {
    const binding = bindings.at(node);
    return !binding || binding.role !== undefined ? undefined : binding.member === undefined ? { module: binding.module } : { module: binding.module, member: binding.member };
  }
  if (node.type === "MemberExpression") return moduleMemberRef(node, bindings);
  const module = requiredModule(node, bindings);
  return module === undefined ? undefined : { module };
}

const handedAs = (node: Node, ref: ModuleRef, bindings: Bindings, exportedAs?: ExportedAs): HandedOn => ({ node, target: moduleTarget(bindings, ref.module, ref.member), ref, ...(exportedAs ? { exportedAs } : {}) });

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
 * `export { exec as run } from "child_process"`, also from the package's own files.
 */
function reExported(statement: Node, bindings: Bindings): HandedOn[] {
  const source = stringLiteral(statement.source);
  if (source === undefined || statement.exportKind === "type") return [];
  const module = normalise(source);
  if (statement.type === "ExportAllDeclaration") {
    const name = statement.exported ? moduleExportName(statement.exported as Node) : undefined;
    return [handedAs(statement, { module }, bindings, name === undefined ? { names: [], merged: true, keepsOwn: true } : { names: [name], merged: false })];
  }
  if (statement.type !== "ExportNamedDeclaration") return [];
  return (statement.specifiers as Node[]).flatMap((specifier) => {
    const local = specifier.exportKind === "type" ? undefined : moduleExportName(specifier.local as Node);
    const name = moduleExportName(specifier.exported as Node);
    return local === undefined || name === undefined ? [] : [handedAs(specifier, { module, member: local }, bindings, { names: [name], merged: false })];
  });
}

/** `export function f` and `export class C`: values of the file's own, never a module (TypeScript's `declare` ones are nothing at run time). */
function declaredNames(statement: Node): { name: string; start: number }[] {
  const declaration = statement.type === "ExportNamedDeclaration" ? (statement.declaration as Node | null) : undefined;
  const id = declaration && !declaration.declare && (declaration.type === "FunctionDeclaration" || declaration.type === "ClassDeclaration") ? (declaration.id as Node | null) : undefined;
  return id ? [{ name: id.name as string, start: statement.start }] : [];
}

// Values that are surely the file's own: a function, a class, a literal, an object, a local name.
const OWN_VALUES = new Set(["FunctionExpression", "ArrowFunctionExpression", "ClassExpression", "Literal", "ObjectExpression", "Identifier", "TemplateLiteral"]);

/**
 * What a file exports at its top level (FileExports): the modules and module functions among what
 * it exports (topLevelExports) and what it re-exports, and the names of the rest.
 */
export function fileExports(program: Node, bindings: Bindings): FileExports {
  const body = program.body as Node[];
  const handed = body.flatMap((statement) => reExported(statement, bindings));
  const others = body.flatMap(declaredNames);
  // One value may be exported under many names (`exports.a = exports.b = cp.exec`): it is handed on once, with all of them.
  const names = new Map<Node, ExportedAs | null>();
  for (const { name, value, keepsOwn, conditional } of topLevelExports(program)) {
    let as = names.get(value);
    if (as === undefined) {
      const handedBefore = handed.length;
      const exportedAs: ExportedAs = { names: [], merged: false };
      for (const { node, direct } of possibleValues(value)) {
        const ref = refOf(node, bindings);
        if (ref) handed.push(handedAs(node, ref, bindings, direct ? exportedAs : undefined));
      }
      names.set(value, (as = handed.length > handedBefore ? exportedAs : null));
    }
    // Only a value surely the file's own, surely exported, hides a module merged under its name:
    // not `if (…) exports.readFileSync = noop`, nor `exports.readFileSync || noop`.
    if (as === null) {
      if (name !== undefined && !conditional && OWN_VALUES.has(unwrap(value).type)) others.push({ name, start: value.start });
    } else if (name === undefined) {
      as.merged = true;
      if (keepsOwn) as.keepsOwn = true;
    } else as.names.push(name);
  }
  return { handed, others };
}

/**
 * Targets, the whole modules some of them are members of (`child_process` for
 * `child_process.exec`), and require, which loads any: what may be handed on to reach them. Built once per rule.
 */
export function handedTargets(targets: Iterable<string>): ReadonlySet<string> {
  const wanted = new Set([...targets, "require"]);
  for (const target of [...wanted]) for (let dot = target.indexOf("."); dot > 0; dot = target.indexOf(".", dot + 1)) wanted.add(target.slice(0, dot));
  return wanted;
}

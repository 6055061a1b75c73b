import { type Node, stringLiteral } from "@/scanner/analysis/ast";
import { isOwnFile } from "@/scanner/analysis/bindings";

/** `require("./x")`, `import("./x")`, `export … from "./x"`: a load whose specifier is written out (an `import` declaration is one of moduleBindings' declarations). */
export const isStaticLoad = (node: Node) =>
  node.type === "ImportExpression" ||
  (node.type === "CallExpression" && (node.callee as Node).type === "Identifier" && (node.callee as Node).name === "require") ||
  ((node.type === "ExportAllDeclaration" || node.type === "ExportNamedDeclaration") && node.source != null);

/**
 * The specifiers of the package's own code (relative, `#name`) that a file loads, from its load
 * nodes (isStaticLoad) and declarations: Node's require runs a file of any name as JavaScript,
 * `require("./payload.map")` too, so what a file loads is code whatever its name.
 */
export function ownLoads(loads: readonly Node[], declarations: readonly Node[]): string[] {
  const specifiers = new Set<string>();
  for (const node of [...loads, ...declarations.filter((declaration) => declaration.type === "ImportDeclaration")]) {
    const specifier = stringLiteral(node.type === "CallExpression" ? (node.arguments as Node[])[0] : node.source);
    if (specifier !== undefined && isOwnFile(specifier)) specifiers.add(specifier);
  }
  return [...specifiers];
}

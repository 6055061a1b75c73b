import { type Node, stringLiteral } from "@/scanner/analysis/ast";
import { isOwnFile } from "@/scanner/analysis/bindings";

/** `require("./x")`: a load whose specifier is written out. */
export const isStaticLoad = (node: Node) => node.type === "CallExpression" && (node.callee as Node).type === "Identifier" && (node.callee as Node).name === "require";

/**
 * The specifiers of the package's own code (relative, `#name`) that a file requires (isStaticLoad):
 * Node's require runs a file of any name as JavaScript, `require("./payload.map")` too (an `import`
 * of one refuses an extension it does not know, so only require is read; bundlers' `import
 * "./style.css"` is no code).
 */
export function ownLoads(loads: readonly Node[]): string[] {
  const specifiers = new Set<string>();
  for (const node of loads) {
    const specifier = stringLiteral((node.arguments as Node[])[0]);
    if (specifier !== undefined && isOwnFile(specifier)) specifiers.add(specifier);
  }
  return [...specifiers];
}

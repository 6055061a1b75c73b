import { childNodes, type Node } from "@/scanner/analysis/ast";
import type { StaticValues } from "@/scanner/analysis/static-value";

// How many names deep the search follows declarations, and how many nodes it looks at.
const MAX_DEPTH = 4;
const MAX_SEEN = 256;

/**
 * Whether an expression reads a name (`chunk.toString().trim()` reads `chunk`), also through the
 * names it reads that are declared with such an expression (`const line = chunk.toString()`).
 * Each node is looked at once (a template naming one constant eighty times is one look), and no
 * more than MAX_SEEN of them.
 */
export function readsName(values: StaticValues, node: Node, name: string, seen = new Set<Node>(), depth = 0): boolean {
  if (seen.has(node) || seen.size > MAX_SEEN) return false;
  seen.add(node);
  if (node.type === "Identifier") {
    if (node.name === name) return true;
    const init = depth < MAX_DEPTH ? values.declaredWith(node) : undefined;
    return init !== undefined && readsName(values, init, name, seen, depth + 1);
  }
  for (const child of childNodes(node)) if (readsName(values, child, name, seen, depth)) return true;
  return false;
}

import type { Node } from "@/scanner/analysis/ast";

const FUNCTIONS = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);
const IDENTIFIER_CHAR = /[\w$\u0080-\uffff]/;

/** The child nodes of a node, in field order. */
function* childrenOf(node: Node): Generator<Node> {
  for (const key in node) {
    const value = node[key] as { type?: unknown } | { type?: unknown }[] | null;
    if (value === null || typeof value !== "object") continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === "object" && typeof item.type === "string") yield item as Node;
    } else if (typeof value.type === "string") yield value as Node;
  }
}

/** The innermost function (or the program) around a node, found by descending towards its offset. */
function scopeOf(program: Node, target: Node): Node {
  let scope = program;
  let node: Node | undefined = program;
  while (node && node !== target) {
    if (FUNCTIONS.has(node.type)) scope = node;
    node = [...childrenOf(node)].find((child) => child.start <= target.start && target.end <= child.end);
  }
  return scope;
}

/** Where a name appears as a whole word in the source between two offsets. */
function occurrences(source: string, name: string, from: number, to: number): number[] {
  const found: number[] = [];
  for (let i = source.indexOf(name, from); i !== -1 && i < to; i = source.indexOf(name, i + 1)) {
    if (!IDENTIFIER_CHAR.test(source[i - 1] ?? " ") && !IDENTIFIER_CHAR.test(source[i + name.length] ?? " ")) found.push(i);
  }
  return found;
}

/**
 * The uses of a name declared at `declaration`, with their parents: the identifiers so named
 * in the function (or program) that declares it, the declaration's own excepted. Found by
 * descending only into nodes that hold an occurrence of the name in the source text, so that a
 * bundle is not walked again for the one module that aliases something. Shadowing inside the
 * scope is ignored, which errs toward reporting.
 */
export function usesOfName(program: Node, source: string, name: string, declaration: Node): { node: Node; parent: Node }[] {
  const scope = scopeOf(program, declaration);
  const offsets = occurrences(source, name, scope.start, scope.end);
  // Offsets are ascending: the first at or after a node's start tells whether it holds one.
  const holdsOne = (node: Node) => {
    let low = 0;
    let high = offsets.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (offsets[mid]! < node.start) low = mid + 1;
      else high = mid;
    }
    return low < offsets.length && offsets[low]! < node.end;
  };
  const uses: { node: Node; parent: Node }[] = [];
  const visit = (node: Node) => {
    for (const child of childrenOf(node)) {
      if (!holdsOne(child)) continue;
      if (child.type === "Identifier" && child.name === name && (child.start < declaration.start || child.end > declaration.end)) uses.push({ node: child, parent: node });
      visit(child);
    }
  };
  visit(scope);
  return uses;
}

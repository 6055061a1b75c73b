import { childNodes, type Node } from "@/scanner/analysis/ast";

const FUNCTIONS = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);
const IDENTIFIER_CHAR = /[\w$\u0080-\uffff]/;

/** The innermost function (or the program) around a node, found by descending towards its offset. */
export function scopeOf(program: Node, target: Node): Node {
  let scope = program;
  let node: Node | undefined = program;
  while (node && node !== target) {
    if (FUNCTIONS.has(node.type)) scope = node;
    node = [...childNodes(node)].find((child) => child.start <= target.start && target.end <= child.end);
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

/** Whether an identifier, under these ancestors (innermost last), declares a name rather than uses it. */
function declares(node: Node, ancestors: Node[]): boolean {
  const parent = ancestors.at(-1)!;
  const grandparent = ancestors.at(-2);
  if (FUNCTIONS.has(parent.type)) return (parent.params as Node[]).includes(node) || parent.id === node;
  if (parent.type === "VariableDeclarator") return parent.id === node;
  if (parent.type === "CatchClause") return parent.param === node;
  if (parent.type === "AssignmentPattern" || parent.type === "RestElement" || parent.type === "ArrayPattern") return true;
  return parent.type === "Property" && parent.value === node && grandparent?.type === "ObjectPattern";
}

/**
 * The uses of a name declared at `declaration` in `scope` (scopeOf), with their parents: the
 * identifiers so named in that function (or program) and the functions inside it, but not
 * inside a function that declares the name again (minifiers reuse short names in every scope),
 * and not in a declaration. Found by descending only into nodes that hold an occurrence of the
 * name in the source text.
 */
export function usesOfName(scope: Node, source: string, name: string, declaration: Node): { node: Node; parent: Node }[] {
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
  const uses: { node: Node; parent: Node; inside: Node[] }[] = [];
  const redeclaring = new Set<Node>();
  const ancestors: Node[] = [];
  const functions: Node[] = [];
  const visit = (node: Node) => {
    ancestors.push(node);
    if (node !== scope && FUNCTIONS.has(node.type)) functions.push(node);
    for (const child of childNodes(node)) {
      if (!holdsOne(child)) continue;
      if (child.type === "Identifier" && child.name === name && (child.start < declaration.start || child.end > declaration.end)) {
        // In the innermost function, which for a parameter is `node` itself (already on the stack).
        if (declares(child, ancestors)) redeclaring.add(functions.at(-1) ?? scope);
        else uses.push({ node: child, parent: node, inside: [...functions] });
      }
      visit(child);
    }
    if (functions.at(-1) === node) functions.pop();
    ancestors.pop();
  };
  visit(scope);
  return uses.filter((use) => !use.inside.some((fn) => redeclaring.has(fn))).map(({ node, parent }) => ({ node, parent }));
}

// Per declaration and name, the uses found: a rule may ask about many uses of one name.
const usesByDeclaration = new WeakMap<Node, Map<string, Set<Node>>>();

/**
 * Whether an identifier is a use of the name a declaration made (usesOfName), not a namesake in
 * a function of its own: bindings are file-wide, and minified bundles reuse short names everywhere.
 */
export function isUseOf(program: Node, source: string, identifier: Node, declaration: Node): boolean {
  const name = identifier.name as string;
  const byName = usesByDeclaration.get(declaration) ?? usesByDeclaration.set(declaration, new Map()).get(declaration)!;
  let uses = byName.get(name);
  if (!uses) byName.set(name, (uses = new Set(usesOfName(scopeOf(program, declaration), source, name, declaration).map((use) => use.node))));
  return uses.has(identifier);
}

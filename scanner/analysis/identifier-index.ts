import { childNodes, type Node } from "@/scanner/analysis/ast";

/** An identifier of the file with the nodes above it. */
export interface IdentifierUse {
  node: Node;
  parent: Node;
  grandparent: Node | undefined;
}

/** Every identifier of a file (JSX's names too) by name, as the AST spells it (escapes decoded). */
export interface IdentifierIndex {
  named(name: string): readonly IdentifierUse[];
}

const indexes = new WeakMap<Node, IdentifierIndex>();

/**
 * The file's identifiers by name, from one walk of its whole AST, made when first asked for:
 * the text search the analysis otherwise uses to find a name's uses (name-uses) misses names
 * spelt with escapes (`\u0072un`) or after a non-ASCII space, which is fine where it only
 * finds less, not where the absence of other uses is what lets a finding go.
 */
export function identifierIndex(program: Node): IdentifierIndex {
  let index = indexes.get(program);
  if (index) return index;
  const byName = new Map<string, IdentifierUse[]>();
  const nodes: Node[] = [program];
  const parents: (Node | undefined)[] = [undefined];
  const grandparents: (Node | undefined)[] = [undefined];
  while (nodes.length) {
    const node = nodes.pop()!;
    const parent = parents.pop();
    const grandparent = grandparents.pop();
    // JSX names call what they name (`<Run>…</Run>` calls Run).
    if ((node.type === "Identifier" || node.type === "JSXIdentifier") && parent) {
      const name = node.name as string;
      const uses = byName.get(name);
      const use = { node, parent, grandparent };
      if (uses) uses.push(use);
      else byName.set(name, [use]);
    }
    for (const child of childNodes(node)) {
      nodes.push(child);
      parents.push(node);
      grandparents.push(parent);
    }
  }
  index = { named: (name) => byName.get(name) ?? [] };
  indexes.set(program, index);
  return index;
}

/**
 * Whether an identifier declares its name (a variable, parameter, catch parameter, function,
 * class, enum or namespace, also inside a destructuring pattern), rather than reading or writing
 * a name declared elsewhere.
 */
export function declaresName({ node, parent, grandparent }: IdentifierUse): boolean {
  switch (parent.type) {
    case "VariableDeclarator":
      return parent.id === node;
    case "FunctionDeclaration":
    case "FunctionExpression":
    case "ArrowFunctionExpression":
      return parent.id === node || (parent.params as Node[]).includes(node);
    case "ClassDeclaration":
    case "ClassExpression":
    case "TSEnumDeclaration":
    case "TSModuleDeclaration":
    case "TSImportEqualsDeclaration":
      return parent.id === node;
    case "CatchClause":
      return parent.param === node;
    case "ImportSpecifier":
    case "ImportDefaultSpecifier":
    case "ImportNamespaceSpecifier":
      return parent.local === node;
    // In a pattern: a declaration's or an assignment's target, either way another value.
    case "ArrayPattern":
    case "RestElement":
      return true;
    case "AssignmentPattern":
      return parent.left === node;
    case "Property":
      return parent.value === node && grandparent?.type === "ObjectPattern";
    default:
      return false;
  }
}

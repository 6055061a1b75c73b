import { isSpeltInEscapes, type Node } from "@/scanner/analysis/ast";

/** An identifier of the file with the nodes above it. */
export interface IdentifierUse {
  node: Node;
  parent: Node;
  grandparent: Node | undefined;
}

/** Every identifier of a file (JSX's names too) by name, as the AST spells it (escapes decoded). */
export interface IdentifierIndex {
  named(name: string): readonly IdentifierUse[];
  /** The identifiers of a few names, by name. */
  namedAmong(names: ReadonlySet<string>): Map<string, IdentifierUse[]>;
  /** The names some identifier spells in escapes (isSpeltInEscapes), which text searches for them miss. */
  speltInEscapes(): ReadonlySet<string>;
  /** Where the identifiers of a name start, in ascending order. */
  offsetsOf(name: string): readonly number[];
  /** The identifiers a test accepts (given each with its parent and grandparent), from one pass over them. */
  where(test: (node: Node, parent: Node, grandparent: Node | undefined) => boolean): IdentifierUse[];
}

/**
 * The file's identifiers by name, from what the analysis's one walk found (gather: each
 * identifier with its parent and grandparent, in three lists), indexed when first asked for: the
 * text search the analysis otherwise uses to find a name's uses (name-uses) misses names spelt
 * with escapes (`\u0072un`) or after a non-ASCII space, which is fine where it only finds less,
 * not where the absence of other uses is what lets a finding go.
 */
export function indexIdentifiers(nodes: readonly Node[], parents: readonly Node[], grandparents: readonly (Node | undefined)[]): IdentifierIndex {
  // Positions in the lists by name, made when first asked (the searches for names' uses ask in nearly every file: name-uses).
  let byName: Map<string, number[]> | undefined;
  const index = () => {
    byName = new Map();
    for (let i = 0; i < nodes.length; i++) {
      const name = nodes[i]!.name as string;
      const at = byName.get(name);
      if (at) at.push(i);
      else byName.set(name, [i]);
    }
    return byName;
  };
  const use = (i: number): IdentifierUse => ({ node: nodes[i]!, parent: parents[i]!, grandparent: grandparents[i] });
  let escaped: Set<string> | undefined;
  const offsets = new Map<string, number[]>();
  return {
    offsetsOf(name) {
      let found = offsets.get(name);
      if (!found) offsets.set(name, (found = ((byName ?? index()).get(name) ?? []).map((i) => nodes[i]!.start).sort((a, b) => a - b)));
      return found;
    },
    where(test) {
      const found: IdentifierUse[] = [];
      for (let i = 0; i < nodes.length; i++) if (test(nodes[i]!, parents[i]!, grandparents[i])) found.push(use(i));
      return found;
    },
    speltInEscapes: () => (escaped ??= new Set(nodes.filter(isSpeltInEscapes).map((node) => node.name as string))),
    named: (name) => ((byName ?? index()).get(name) ?? []).map(use),
    namedAmong(names) {
      const all = byName ?? index();
      return new Map([...names].map((name) => [name, (all.get(name) ?? []).map(use)]));
    },
  };
}

/** Whether an identifier refers to its name: not a member's or a key's name (`a.run`, `{ run: 1 }`), nor a TypeScript overload's. */
export function isReference({ node, parent }: { node: Node; parent: Node }): boolean {
  if (parent.type === "TSDeclareFunction") return false;
  if (parent.computed) return true;
  if (parent.type === "MemberExpression") return parent.property !== node;
  if (parent.type === "Property" || parent.type === "MethodDefinition" || parent.type === "PropertyDefinition") return parent.key !== node || parent.value === node;
  return true;
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

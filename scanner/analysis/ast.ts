/** The ESTree nodes oxc-parser produces, as plain objects: `type`, offsets, and children. */
export interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

export const isNode = (value: unknown): value is Node =>
  typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string" && typeof (value as { start?: unknown }).start === "number";

/** Visits every node below `root` (depth first, parents before children), with its parent. */
export function walk(root: Node, visit: (node: Node, parent: Node | undefined) => void): void {
  const stack: [Node, Node | undefined][] = [[root, undefined]];
  while (stack.length) {
    const [node, parent] = stack.pop()!;
    visit(node, parent);
    const children: Node[] = [];
    for (const key in node) {
      if (key === "type" || key === "start" || key === "end") continue;
      const value = node[key];
      if (Array.isArray(value)) for (const item of value) isNode(item) && children.push(item);
      else if (isNode(value)) children.push(value);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, node]);
  }
}

/** The string value of a string literal node, else undefined. */
export const stringLiteral = (node: unknown): string | undefined =>
  isNode(node) && node.type === "Literal" && typeof node.value === "string" ? node.value : undefined;

/** `a.b` or `a["b"]` → "b" when the property is static. */
export function propertyName(member: Node): string | undefined {
  const property = member.property as Node;
  if (!member.computed && property.type === "Identifier") return property.name as string;
  return stringLiteral(property);
}

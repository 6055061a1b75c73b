import type { Node } from "@/scanner/analysis/ast";
import { unwrap } from "@/scanner/analysis/module-bindings";

/**
 * Whether a node may give a declared name a value other than its initialiser: an assignment or
 * update of a name (or of names in a destructuring pattern), a `for…in`/`for…of` head that is not
 * a declaration, or a `with` statement, whose object's properties stand in for the names used in
 * its body. Writes to members (`a.b = c`, most assignments of a bundle) are not.
 */
export function isNameWrite(node: Node): boolean {
  switch (node.type) {
    case "AssignmentExpression":
      return unwrap(node.left as Node).type !== "MemberExpression";
    case "UpdateExpression":
      return unwrap(node.argument as Node).type === "Identifier";
    case "ForInStatement":
    case "ForOfStatement":
      return (node.left as Node).type !== "VariableDeclaration";
    case "WithStatement":
      return true;
    default:
      return false;
  }
}

/** The identifiers a write (isNameWrite, not `with`) gives values to, in its target pattern. */
export function writtenNames(write: Node): Node[] {
  const names: Node[] = [];
  const collect = (wrapped: Node | null | undefined) => {
    if (!wrapped) return;
    const target = unwrap(wrapped);
    switch (target.type) {
      case "Identifier":
        names.push(target);
        break;
      case "ArrayPattern":
        for (const element of target.elements as (Node | null)[]) collect(element);
        break;
      case "ObjectPattern":
        for (const property of target.properties as Node[]) collect(property.type === "RestElement" ? property : (property.value as Node));
        break;
      case "RestElement":
        collect(target.argument as Node);
        break;
      case "AssignmentPattern":
        collect(target.left as Node);
        break;
    }
  };
  collect((write.type === "UpdateExpression" ? write.argument : write.left) as Node);
  return names;
}

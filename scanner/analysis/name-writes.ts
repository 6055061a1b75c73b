import { type Node, patternNames, unwrap } from "@/scanner/analysis/ast";

/**
 * Whether a node may give a declared name a value other than its initialiser: an assignment or
 * update of a name (or of names in a destructuring pattern), a destructuring declaration (`var
 * { cmd } = …` over an earlier `var cmd`), a `for…in`/`for…of` head, a `with` statement, whose
 * object's properties stand in for the names used in its body, and a direct `eval`, which can
 * assign any name it sees. Writes to members (`a.b = c`, most assignments of a bundle) are not.
 */
export function isNameWrite(node: Node): boolean {
  switch (node.type) {
    case "AssignmentExpression":
      return unwrap(node.left as Node).type !== "MemberExpression";
    case "UpdateExpression":
      return unwrap(node.argument as Node).type === "Identifier";
    case "VariableDeclarator":
      return (node.id as Node).type !== "Identifier";
    case "ForInStatement":
    case "ForOfStatement":
    case "WithStatement":
      return true;
    case "CallExpression":
      return isDirectEval(node);
    default:
      return false;
  }
}

export const isDirectEval = (node: Node) => node.type === "CallExpression" && (node.callee as Node).type === "Identifier" && (node.callee as Node).name === "eval";

/** The identifiers a write (isNameWrite, not `with` or eval) gives values to. */
export function writtenNames(write: Node): Node[] {
  switch (write.type) {
    case "UpdateExpression":
      return patternNames(write.argument as Node);
    case "VariableDeclarator":
      return patternNames(write.id as Node);
    case "ForInStatement":
    case "ForOfStatement": {
      const left = write.left as Node;
      return left.type === "VariableDeclaration" ? (left.declarations as Node[]).flatMap((declarator) => patternNames(declarator.id as Node)) : patternNames(left);
    }
    default:
      return patternNames(write.left as Node);
  }
}

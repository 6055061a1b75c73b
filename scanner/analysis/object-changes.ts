import { globalCallName, type Node, propertyName, unwrap } from "@/scanner/analysis/ast";
import { declaresName, isReference } from "@/scanner/analysis/identifier-index";
import { ancestorsOf } from "@/scanner/analysis/name-uses";

// Array methods that change the array they are called on.
const CHANGING_METHODS = new Set(["push", "unshift", "splice", "pop", "shift", "sort", "reverse", "fill", "copyWithin"]);
// Functions that change the object handed to them first.
const CHANGING_FUNCTIONS = new Set([
  "Object.assign",
  "Object.defineProperty",
  "Object.defineProperties",
  "Object.setPrototypeOf",
  "Reflect.set",
  "Reflect.defineProperty",
  "Reflect.deleteProperty",
  "Reflect.setPrototypeOf",
]);
// The parents through which a use can reach a change; under any other the object is only read.
const CAN_LEAD_TO_CHANGE = new Set([
  "MemberExpression",
  "CallExpression",
  "VariableDeclarator",
  "AssignmentExpression",
  "SequenceExpression",
  "ParenthesizedExpression",
  "ChainExpression",
  "TSAsExpression",
  "TSSatisfiesExpression",
  "TSNonNullExpression",
  "TSTypeAssertion",
]);

/**
 * The node through which a use of a name may change the object or array the name holds, or
 * undefined: a write of a member at any depth (`a[0] = …`, `tool.description += …`, `o.x.y++`,
 * `delete o.x`, a `for…of` or destructuring target), a call of an array method that changes the
 * array (`tools.push(…)`), a call of a function that changes what it is handed first
 * (`Object.assign(o, …)`, `Reflect.set(a, 0, …)`), or the name handed to another name
 * (`const b = a`), through which it may change. A constant read as written while any of these
 * holds would report a value the code replaced (`a[0] = "child_process"; require(a.join(""))`).
 */
export function changeThrough(node: Node, parent: Node, program: Node): Node | undefined {
  // No parent that can lead to a change declares a name through its grandparent (declaresName).
  const use = { node, parent, grandparent: undefined };
  if (!CAN_LEAD_TO_CHANGE.has(parent.type) || !isReference(use) || declaresName(use)) return undefined;
  // The path from the program, for the few uses that may change something.
  let path: Node[] | undefined;
  const above = (depth: number): Node | undefined => {
    if (depth === 0) return parent;
    path ??= ancestorsOf(program, node);
    return path[path.length - 1 - depth];
  };
  let current = node;
  let depth = 0;
  let member = false;
  for (let holder = above(0); holder; holder = above(++depth)) {
    if (holder.type === "MemberExpression" && holder.object === current) member = true;
    else if (unwrap(holder) !== unwrap(current)) break;
    current = holder;
  }
  const holder = above(depth);
  if (!holder) return undefined;
  if (holder.type === "CallExpression" && (holder.arguments as Node[])[0] === current && CHANGING_FUNCTIONS.has(globalCallName(unwrap(holder.callee as Node)) ?? "")) return holder;
  if (!member) return (holder.type === "VariableDeclarator" && holder.init === current) || (holder.type === "AssignmentExpression" && holder.right === current) ? holder : undefined;
  switch (holder.type) {
    case "AssignmentExpression":
      return holder.left === current ? holder : undefined;
    case "UpdateExpression":
      return holder;
    case "UnaryExpression":
      return holder.operator === "delete" ? holder : undefined;
    case "ForInStatement":
    case "ForOfStatement":
      return holder.left === current ? holder : undefined;
    case "ArrayPattern":
    case "RestElement":
      return holder;
    case "AssignmentPattern":
      return holder.left === current ? holder : undefined;
    case "Property":
      return holder.value === current && above(depth + 1)?.type === "ObjectPattern" ? holder : undefined;
    case "CallExpression":
      return holder.callee === current && CHANGING_METHODS.has(propertyName(unwrap(current)) ?? "") ? holder : undefined;
    default:
      return undefined;
  }
}

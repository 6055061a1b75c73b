import { globalCallName, type Node, propertyName, TRANSPARENT, unwrap } from "@/scanner/analysis/ast";
import { declaresName, type IdentifierUse, isReference } from "@/scanner/analysis/identifier-index";
import { ancestorsOf } from "@/scanner/analysis/name-uses";

// Methods of arrays and objects that only read them: any other method called on one may change it
// (`push`, `splice`, `a.splice.call(a, …)`, a member named at run time, an object's own method).
// On a member of it (a string, an inner array), only the methods that change arrays do
// (`o.cwd.startsWith("/")` changes nothing; `o.args.push(x)` does).
const CHANGING_METHODS = new Set(["push", "unshift", "splice", "pop", "shift", "sort", "reverse", "fill", "copyWithin"]);
const READING_METHODS = new Set([
  ...["join", "map", "filter", "slice", "concat", "includes", "indexOf", "lastIndexOf", "find", "findIndex", "findLast", "findLastIndex"],
  ...["some", "every", "forEach", "reduce", "reduceRight", "at", "flat", "flatMap", "keys", "values", "entries", "toString", "toLocaleString"],
  ...["toSorted", "toReversed", "toSpliced", "with", "hasOwnProperty", "propertyIsEnumerable", "isPrototypeOf"],
]);
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
// The parents through which a use can reach a change (and the wrappers changeThrough climbs, as
// unwrap sees through them); under any other the object is only read.
const CAN_LEAD_TO_CHANGE = new Set([
  "MemberExpression",
  "ConditionalExpression",
  "LogicalExpression",
  "CallExpression",
  "VariableDeclarator",
  "AssignmentExpression",
  "SequenceExpression",
  ...TRANSPARENT,
]);

/**
 * The outermost member of the chain a use is the object of (`a.b.c` of `a` in `a.b.c = x`,
 * through casts), and the node around it: the use itself and its parent where it is no
 * member's object. The use's ancestors are looked up only past its grandparent.
 */
export function memberChainAround(use: IdentifierUse, program: Node): { outer: Node; around: Node | undefined } {
  let outer = use.node;
  let around: Node | undefined = use.parent;
  let path: Node[] | undefined;
  for (let depth = 1; around?.type === "MemberExpression" && unwrap(around.object as Node) === unwrap(outer); depth++) {
    outer = around;
    if (depth === 1 && use.grandparent !== undefined) around = use.grandparent;
    else {
      path ??= ancestorsOf(program, use.node);
      around = path[path.length - 1 - depth];
    }
  }
  return { outer, around };
}

/** The name (or destructuring pattern) a value is given where it stands: `a` of `const a = v`, `a = v`. */
export function nameGivenTo(value: Node, around: Node | undefined): Node | undefined {
  if (around?.type === "VariableDeclarator" && around.init === value) return around.id as Node;
  if (around?.type === "AssignmentExpression" && around.right === value) return unwrap(around.left as Node);
  return undefined;
}

/**
 * Whether a member written through an identifier's name may be given a value there: assigned,
 * updated, deleted, destructured into (`[o.a] = v`, `({ x: o.a } = v)`, erring toward it in an
 * object literal), a loop's target (`for (o.a of v)`).
 */
export function isWrittenMember(member: Node, around: Node | undefined): boolean {
  switch (around?.type) {
    case "AssignmentExpression":
    case "AssignmentPattern":
    case "ForInStatement":
    case "ForOfStatement":
      return around.left === member;
    case "UpdateExpression":
    case "ArrayPattern":
    case "RestElement":
      return true;
    case "UnaryExpression":
      return around.operator === "delete";
    case "Property":
      return around.value === member;
    default:
      return false;
  }
}

/**
 * Whether a call may change its argument `value`: `Object.assign` and its kind given it first, a
 * function called on it (`Array.prototype.splice.call(a, …)`, `s.call(a, …)` after `const s =
 * a.splice`, `Reflect.apply(Array.prototype.splice, a, …)`), unless it is a method that only reads.
 */
export function changesArgument(call: Node, value: Node): boolean {
  const callee = unwrap(call.callee as Node);
  const args = call.arguments as Node[];
  const name = globalCallName(callee);
  if (args[0] === value && CHANGING_FUNCTIONS.has(name ?? "")) return true;
  const method = callee.type === "MemberExpression" ? propertyName(callee) : undefined;
  const called = args[0] === value && (method === "call" || method === "apply") ? unwrap(callee.object as Node) : name === "Reflect.apply" && args[1] === value && args[0] ? unwrap(args[0]) : undefined;
  return called !== undefined && !(called.type === "MemberExpression" && READING_METHODS.has(propertyName(called) ?? ""));
}

/**
 * The node through which a use of a name may change the object or array the name holds, or
 * undefined: a write of a member at any depth (`a[0] = …`, `tool.description += …`, `o.x.y++`,
 * `delete o.x`, a `for…of` or destructuring target), a call of a method that may change it (any
 * but those that only read: `tools.push(…)`), a call of a function that changes what it is handed first
 * (`Object.assign(o, …)`, `Reflect.set(a, 0, …)`, `Array.prototype.splice.call(a, …)`), or the
 * name handed to another name
 * (`const b = a`, also through a choice), through which it may change. A constant read as written while any of these
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
    // `(flag ? a : b)[0] = …`, `const c = a || b`: the value goes on through a choice.
    else if (!((holder.type === "ConditionalExpression" && holder.test !== current) || holder.type === "LogicalExpression") && unwrap(holder) !== unwrap(current)) break;
    current = holder;
  }
  const holder = above(depth);
  if (!holder) return undefined;
  if (holder.type === "CallExpression" && holder.callee !== current && changesArgument(holder, current)) return holder;
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
    case "CallExpression": {
      if (holder.callee !== current) return undefined;
      const called = unwrap(current);
      const method = propertyName(called) ?? "";
      const onTheObject = unwrap(called.object as Node) === node;
      return (onTheObject ? !READING_METHODS.has(method) : CHANGING_METHODS.has(method) || propertyName(called) === undefined) ? holder : undefined;
    }
    default:
      return undefined;
  }
}

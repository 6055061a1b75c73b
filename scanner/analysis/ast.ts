/** The ESTree nodes oxc-parser produces, as plain objects: `type`, offsets, and children. */
export interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

export const isNode = (value: unknown): value is Node =>
  typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string" && typeof (value as { start?: unknown }).start === "number";

/** The child nodes of a node, in field order. */
export function* childNodes(node: Node): Generator<Node> {
  for (const key in node) {
    const value = node[key] as { type?: unknown } | { type?: unknown }[] | null;
    if (value === null || typeof value !== "object") continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === "object" && typeof item.type === "string") yield item as Node;
    } else if (typeof value.type === "string") yield value as Node;
  }
}

/**
 * Visits every node below `root` with its parent, in no promised order (rules must not depend
 * on one). For small trees (tool schemas) and tests: the analysis's own walk (analyze-source's
 * gather), which skips inert leaves without a generator, keeps this order, which a test holds.
 */
export function walk(root: Node, visit: (node: Node, parent: Node | undefined) => void): void {
  const nodes: Node[] = [root];
  const parents: (Node | undefined)[] = [undefined];
  while (nodes.length) {
    const node = nodes.pop()!;
    visit(node, parents.pop());
    for (const child of childNodes(node)) {
      nodes.push(child);
      parents.push(node);
    }
  }
}

/** The string value of a string literal node (or a template literal without substitutions), else undefined. */
export function stringLiteral(node: unknown): string | undefined {
  if (!isNode(node)) return undefined;
  if (node.type === "Literal") return typeof node.value === "string" ? node.value : undefined;
  // A template without substitutions is a string as much: require(`child_process`).
  if (node.type !== "TemplateLiteral" || (node.expressions as unknown[]).length > 0) return undefined;
  return ((node.quasis as Node[])[0]?.value as { cooked?: string | null } | undefined)?.cooked ?? undefined;
}

/** The static name of a property's key: `a` in `{ a: 1 }`, `{ "a": 1 }` or `const { a } = …`; none for `[expr]`. */
export function keyName(property: Node): string | undefined {
  const key = property.key as Node | undefined;
  if (!key) return undefined;
  if (!property.computed && key.type === "Identifier") return key.name as string;
  return stringLiteral(key);
}

/** The value of the property named `name` in an object literal. */
export function propertyValue(object: Node | undefined, name: string): Node | undefined {
  if (object?.type !== "ObjectExpression") return undefined;
  // Of two properties of one name, the last is the object's.
  return (object.properties as Node[]).findLast((p) => p.type === "Property" && keyName(p) === name)?.value as Node | undefined;
}

/** `JSON.stringify` of `JSON.stringify(…)`: a call of a global's function, by its text (a file's own `JSON` is taken for the platform's, erring toward reporting). */
export function globalCallName(callee: Node): string | undefined {
  if (callee.type === "Identifier") return callee.name as string;
  const object = callee.type === "MemberExpression" ? (callee.object as Node) : undefined;
  const method = object?.type === "Identifier" ? propertyName(callee) : undefined;
  return method === undefined ? undefined : `${object!.name as string}.${method}`;
}

/** A destructuring target without its default: `e` of `{ env: e = {} }`. */
export const withoutDefault = (target: Node) => (target.type === "AssignmentPattern" ? unwrap(target.left as Node) : target);

/** Each target of an array pattern (defaults aside) with the array's element in its place, up to the first spread, after which no element is in its place. */
export function pairedElements(pattern: Node, array: Node): [Node, Node][] {
  const elements = array.elements as (Node | null)[];
  const spread = elements.findIndex((element) => element?.type === "SpreadElement");
  const targets = (pattern.elements as (Node | null)[]).slice(0, spread === -1 ? undefined : spread);
  return targets.flatMap((target, i) => (target && elements[i] ? [[withoutDefault(target), elements[i]!] as [Node, Node]] : []));
}

/** `c\u0070` for `cp`: a name spelt in escapes, whose source is longer than its name (but for TypeScript's annotations), which every text search misses. */
export const isSpeltInEscapes = (identifier: Node) => identifier.end - identifier.start !== (identifier.name as string).length && identifier.typeAnnotation == null && !identifier.optional;

/** The names the global object goes by. */
export const GLOBAL_OBJECTS = new Set(["globalThis", "global", "window", "self"]);

/** `process`, also as a member of the global object (`globalThis.process`, `(0, global).process`). */
export function isProcess(node: Node): boolean {
  if (node.type === "Identifier") return node.name === "process";
  if (node.type !== "MemberExpression" || propertyName(node) !== "process") return false;
  const object = unwrap(node.object as Node);
  return object.type === "Identifier" && GLOBAL_OBJECTS.has(object.name as string);
}

/** `process.env`, also as `globalThis.process.env` or `global.process.env`. */
export function isProcessEnv(node: Node | undefined): boolean {
  return node?.type === "MemberExpression" && propertyName(node) === "env" && isProcess(node.object as Node);
}

/** `process.env`, or `process.env || {}` and `process.env ?? {}`: the environment as a whole. */
export const isEnvironment = (node: Node) => isProcessEnv(node) || (node.type === "LogicalExpression" && isProcessEnv(unwrap(node.left as Node)));

/** What a chain of members is read from (`http` of `http.globalAgent.options`, through casts and parentheses). */
export function chainRoot(node: Node): Node {
  let root = unwrap(node);
  while (root.type === "MemberExpression") root = unwrap(root.object as Node);
  return root;
}

/** The name an import or export specifier gives: `exec`, or `"a-b"` written as a string. */
export const moduleExportName = (node: Node): string | undefined => (node.type === "Identifier" ? (node.name as string) : stringLiteral(node));

/** `exports` or `module.exports`, a CommonJS module's exports object. */
export const isExportsObject = (node: Node) =>
  (node.type === "Identifier" && node.name === "exports") ||
  (node.type === "MemberExpression" && propertyName(node) === "exports" && (node.object as Node).type === "Identifier" && (node.object as Node).name === "module");

/** `a.b` or `a["b"]` → "b" when the property is static. */
export function propertyName(member: Node): string | undefined {
  const property = member.property as Node;
  if (!member.computed && property.type === "Identifier") return property.name as string;
  return stringLiteral(property);
}

/** The names a binding or assignment pattern gives values to (`[a, { b, c: [d] }, ...e]`). */
export function patternNames(pattern: Node | null | undefined): Node[] {
  const names: Node[] = [];
  const collect = (wrapped: Node | null | undefined) => {
    if (!wrapped) return;
    // TypeScript's casts around an assignment's target (`(x as any) = …`, `x! = …`) and parentheses.
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
  collect(pattern);
  return names;
}

// Wrappers that change nothing at run time: TypeScript casts, parentheses, `await import()`.
export const TRANSPARENT = new Set(["TSAsExpression", "TSSatisfiesExpression", "TSNonNullExpression", "TSTypeAssertion", "ParenthesizedExpression", "AwaitExpression", "ChainExpression"]);

/**
 * Whether `above` hands on the value of its child `value` unchanged, for a value never falsy (an
 * object, a function): a cast, parentheses, an await, a choice's branch, `value || x` (`value && x`
 * is x), a sequence's last.
 */
export function passesValueOn(above: Node, value: Node): boolean {
  if (TRANSPARENT.has(above.type)) return true;
  switch (above.type) {
    case "LogicalExpression":
      return above.operator !== "&&" || above.right === value;
    case "ConditionalExpression":
      return above.test !== value;
    case "SequenceExpression":
      return (above.expressions as Node[]).at(-1) === value;
    default:
      return false;
  }
}

/**
 * Whether any value an expression may be passes `test`, for values never falsy (objects,
 * functions): each branch of a choice, either side of `a || b` and `a ?? b`, the right of `a && b`
 * (whose left it is only when falsy), each unwrapped. `typeof process < "u" ? process : {}` may be
 * process.
 */
export function someChoice(wrapped: Node, test: (choice: Node) => boolean): boolean {
  const node = unwrap(wrapped);
  if (node.type === "ConditionalExpression") return someChoice(node.consequent as Node, test) || someChoice(node.alternate as Node, test);
  if (node.type === "LogicalExpression") return (node.operator !== "&&" && someChoice(node.left as Node, test)) || someChoice(node.right as Node, test);
  return test(node);
}

/**
 * The expression inside any casts, parentheses, awaits and optional chains, and the last of a
 * sequence: compilers call imported functions as `(0, child_process_1.exec)(cmd)`, which calls `exec`.
 */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    if (TRANSPARENT.has(current.type)) current = (current.expression ?? current.argument) as Node;
    else if (current.type === "SequenceExpression") current = (current.expressions as Node[]).at(-1)!;
    else return current;
  }
}


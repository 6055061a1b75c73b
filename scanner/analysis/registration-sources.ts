import { isNode, keyName, type Node, patternNames, propertyName, propertyValue, unwrap, withoutDefault } from "@/scanner/analysis/ast";
import { ancestorsOf, FUNCTIONS } from "@/scanner/analysis/name-uses";

/**
 * One tool object a registration reads its name and description from: an element of the list a
 * loop goes over, or an object a name holds (`server.registerTool(T.name, …)`). `entry`: the
 * list's element as written (a name, whose later changes give the tool more descriptions);
 * `object`: the object literal it holds; `key`: its key, for `Object.entries`.
 */
export interface ToolObject {
  entry: Node;
  object: Node;
  key?: Node;
}

/**
 * What hands a registration the names its arguments read: a loop (the pattern its elements are
 * given to, and the list it goes over), or a function of the file's own it is in (its parameters,
 * and the name it is called by), whose calls say what they are.
 */
export type RegistrationSource = { pattern: Node; list: Node } | { parameters: Node[]; helper: string; method: boolean };

// The SDKs' own registrations: a method of a server's class under one of these names is read as a registration itself, not as a helper.
const REGISTRATIONS = new Set(["tool", "registerTool", "addTool"]);

// Array methods that call a function with each element first.
const PER_ELEMENT = new Set(["forEach", "map", "flatMap"]);

/**
 * The innermost loop or function around a call that gives a name the call reads (`names`) its
 * value: `for (const t of tools)`, `tools.forEach((t) => …)` (or `map`, `flatMap`),
 * destructuring (`for (const { name, description } of tools)`), `Object.entries` pairs (`for
 * (const [name, tool] of Object.entries(TOOLS))`), and a function of the file's own under a name
 * (`function addTool(name, description, schema, run) { server.tool(name, description, schema, run) }`,
 * also as a constant). Servers define their tools as data and register them in a loop, or
 * through a helper of their own: read by the call alone, each tool's name and description went unread.
 */
export function registrationSource(program: Node, call: Node, names: ReadonlySet<string>): RegistrationSource | undefined {
  const path = ancestorsOf(program, call);
  const binds = (patterns: Node[]) => patterns.some((pattern) => patternNames(pattern).some((name) => names.has(name.name as string)));
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i]!;
    if (node.type === "ForOfStatement" && path[i + 1] === node.body) {
      const left = node.left as Node;
      const pattern = left.type === "VariableDeclaration" ? ((left.declarations as Node[])[0]?.id as Node | undefined) : left;
      if (pattern && binds([pattern])) return { pattern, list: node.right as Node };
    } else if (FUNCTIONS.has(node.type) && binds(node.params as Node[])) {
      const caller = path[i - 1];
      const callee = caller?.type === "CallExpression" && (caller.arguments as Node[])[0] === node ? unwrap(caller.callee as Node) : undefined;
      if (callee?.type === "MemberExpression" && PER_ELEMENT.has(propertyName(callee) ?? "")) return { pattern: (node.params as Node[])[0]!, list: callee.object as Node };
      // A method of a class or an object (`registerAll(name, d) { this.server.tool(name, d, …) }`), called as a member.
      const method = (caller?.type === "MethodDefinition" || caller?.type === "Property") && caller.value === node ? keyName(caller) : undefined;
      if (method !== undefined) return REGISTRATIONS.has(method) ? undefined : { parameters: node.params as Node[], helper: method, method: true };
      const helper = functionName(node, caller);
      return helper === undefined ? undefined : { parameters: node.params as Node[], helper, method: false };
    }
  }
  return undefined;
}

/** The name a function is called by: its declaration's, or the one it is declared or assigned under. */
function functionName(fn: Node, holder: Node | undefined): string | undefined {
  const id = fn.type === "FunctionDeclaration" ? (fn.id as Node | null) : holder?.type === "VariableDeclarator" && holder.init === fn ? (holder.id as Node) : holder?.type === "AssignmentExpression" && holder.right === fn ? unwrap(holder.left as Node) : undefined;
  return id?.type === "Identifier" ? (id.name as string) : undefined;
}

/**
 * What the names of a pattern read from one tool object: a name given the whole object reads
 * its members (`t.name`), and stands for the entry itself (`server.addTool(t)`); a destructured
 * name reads its key's member (`{ description: d }`); of `[key, value]`, the key and the object.
 */
function patternReads(wrapped: Node, tool: ToolObject): { names: Map<string, Node | undefined>; objects: Map<string, ToolObject> } {
  const names = new Map<string, Node | undefined>();
  const objects = new Map<string, ToolObject>();
  const pattern = withoutDefault(wrapped);
  if (pattern.type === "Identifier") objects.set(pattern.name as string, tool);
  else if (pattern.type === "ObjectPattern") {
    for (const property of pattern.properties as Node[]) {
      const key = property.type === "Property" ? keyName(property) : undefined;
      const target = key === undefined ? undefined : withoutDefault(property.value as Node);
      if (target?.type === "Identifier") names.set(target.name as string, propertyValue(tool.object, key!));
    }
  } else if (pattern.type === "ArrayPattern") {
    const [key, value] = pattern.elements as (Node | null)[];
    const keyTarget = key ? withoutDefault(key) : undefined;
    if (keyTarget?.type === "Identifier") names.set(keyTarget.name as string, tool.key);
    if (value) {
      const inner = patternReads(value, { entry: tool.entry, object: tool.object });
      for (const [name, read] of inner.names) names.set(name, read);
      for (const [name, read] of inner.objects) objects.set(name, read);
    }
  }
  return { names, objects };
}

/**
 * Rebuilds a registration's arguments with `replace`'s nodes in place of the ones it replaces,
 * copying only what changes; keys and members' names are not read, nor what functions hold
 * (handlers). With a `replace` that only looks, it is a walk of what the arguments read.
 */
function rebuild(node: Node, replace: (node: Node) => Node | undefined): Node {
  const replaced = replace(node);
  if (replaced !== undefined) return replaced;
  if (FUNCTIONS.has(node.type)) return node;
  let copy: Node | undefined;
  for (const field in node) {
    if ((field === "key" || field === "property") && !node.computed) continue;
    const value = node[field];
    if (Array.isArray(value)) {
      const items = value.map((item) => (isNode(item) ? rebuild(item, replace) : item));
      if (items.some((item, i) => item !== value[i])) (copy ??= { ...node })[field] = items;
    } else if (isNode(value)) {
      const changed = rebuild(value, replace);
      if (changed !== value) (copy ??= { ...node })[field] = changed;
    }
  }
  return copy ?? node;
}

/** The names a registration's arguments read, outside functions (enclosingLoop's `names`). */
export function namesRead(args: Node[]): Set<string> {
  const names = new Set<string>();
  for (const arg of args) rebuild(arg, (node) => (node.type === "Identifier" ? (names.add(node.name as string), node) : undefined));
  return names;
}

/**
 * A registration's arguments as they read one tool object through a pattern (patternReads):
 * `t.description` is the object's description node, `name` of `{ name }` its name; a member the
 * object does not have, and what functions hold (handlers), stay as written.
 */
export function argumentsReading(args: Node[], pattern: Node, tool: ToolObject): Node[] {
  const { names, objects } = patternReads(pattern, tool);
  const substitute = (node: Node): Node | undefined => {
    if (node.type === "Identifier") return names.has(node.name as string) ? (names.get(node.name as string) ?? node) : (objects.get(node.name as string)?.entry ?? node);
    const object = node.type === "MemberExpression" ? unwrap(node.object as Node) : undefined;
    const read = object?.type === "Identifier" ? objects.get(object.name as string) : undefined;
    if (!read) return undefined;
    const key = propertyName(node);
    return (key === undefined ? undefined : propertyValue(read.object, key)) ?? node;
  };
  return args.map((arg) => rebuild(arg, substitute));
}

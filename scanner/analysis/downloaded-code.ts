import { type Node, propertyName, unwrap } from "@/scanner/analysis/ast";
import { type Bindings, calleeTarget } from "@/scanner/analysis/module-bindings";
import { ancestorsOf, FUNCTIONS } from "@/scanner/analysis/name-uses";
import { hostOf, type StaticValues } from "@/scanner/analysis/static-value";

interface SourceFile {
  program: Node;
  bindings: Bindings;
  values: StaticValues;
}

// Clients whose response (or the promise of it) reads its body with `.text()` and the like, and
// those whose result holds the body (`.data`, `.body`).
const READ_BY_METHOD = new Set(["fetch", "undici.fetch", "node-fetch", "cross-fetch", "isomorphic-fetch", "ofetch", "ofetch.ofetch", "ofetch.$fetch", "ky", "ky.get", "got", "got.get"]);
const BODY_READERS = new Set(["text", "arrayBuffer", "buffer", "blob"]);
const HOLDING_BODY = new Set(["axios", "axios.get", "axios.request", "axios.post", "undici.request", "needle", "needle.get", "superagent", "superagent.get", "phin"]);
const BODY_MEMBERS = new Set(["data", "body", "text"]);
// Clients that hand their response to a callback (`https.get(url, (res) => …)`).
const CALLING_BACK = new Set(["http.get", "https.get", "http.request", "https.request", "request", "request.get", "needle.get", "needle"]);
// Methods whose text is their object's.
const KEEPS_TEXT = new Set(["toString", "trim", "trimStart", "trimEnd", "slice", "replace", "replaceAll"]);
const PROMISE_STEPS = new Set(["then", "catch", "finally"]);
const MAX_DEPTH = 8;

/**
 * What `find` finds in a value a name is declared or assigned with (`const res = await fetch(url)`,
 * `let res; res = …`; assignments only within a few steps of the code, as each name assigned
 * several times multiplies the search).
 */
function throughName(file: SourceFile, name: Node, depth: number, find: (value: Node) => string | undefined): string | undefined {
  let found: string | undefined;
  const finds = (value: Node) => (found = find(value)) !== undefined;
  return file.values.declaredWith(name, finds) || (depth < 3 && file.values.assignedWith(name, finds)) ? found : undefined;
}

/** A client's call as a reviewer reads it: its target and, where it can be worked out, the host its URL names. */
function described(file: SourceFile, call: Node, target: string): string {
  const host = hostOf(file.values.resolve((call.arguments as Node[])[0]));
  return host ? `${target} from ${host}` : target;
}

/** The client call a node is, if it is one of `clients` (`fetch(url)`, through awaits), with its description. */
function clientCall(file: SourceFile, wrapped: Node, clients: Set<string>, depth: number): string | undefined {
  const node = unwrap(wrapped);
  if (node.type === "Identifier") return depth < MAX_DEPTH ? throughName(file, node, depth, (value) => clientCall(file, value, clients, depth + 1)) : undefined;
  if (node.type !== "CallExpression") return undefined;
  const target = calleeTarget(node.callee as Node, file.bindings);
  return target !== undefined && clients.has(target) ? described(file, node, target) : undefined;
}

/** The download a value is the body of (`await (await fetch(url)).text()`, `(await axios.get(url)).data`), through names, awaits, `+` and templates. */
export function bodyOf(file: SourceFile, wrapped: Node, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(wrapped);
  const on = (next: Node) => bodyOf(file, next, depth + 1);
  if (node.type === "Identifier") return throughName(file, node, depth, on);
  if (node.type === "BinaryExpression" && node.operator === "+") return on(node.left as Node) ?? on(node.right as Node);
  if (node.type === "TemplateLiteral") return (node.expressions as Node[]).map(on).find((found) => found !== undefined);
  if (node.type === "MemberExpression" && BODY_MEMBERS.has(propertyName(node) ?? "")) return clientCall(file, node.object as Node, HOLDING_BODY, depth + 1);
  if (node.type !== "CallExpression") return undefined;
  const callee = unwrap(node.callee as Node);
  if (callee.type !== "MemberExpression") return undefined;
  const method = propertyName(callee) ?? "";
  if (KEEPS_TEXT.has(method)) return on(callee.object as Node);
  if (!BODY_READERS.has(method)) return undefined;
  // `(await request(url)).body.text()`: undici's body.
  const object = unwrap(callee.object as Node);
  return clientCall(file, object.type === "MemberExpression" && propertyName(object) === "body" ? (object.object as Node) : object, new Set([...READ_BY_METHOD, ...HOLDING_BODY]), depth + 1);
}

/** The download whose promise chain a `.then` step is on (`fetch(url).then((r) => r.text()).then(…)`). */
function chainedOn(file: SourceFile, step: Node): string | undefined {
  let node = unwrap(step);
  while (node.type === "CallExpression") {
    const callee = unwrap(node.callee as Node);
    if (callee.type !== "MemberExpression" || !PROMISE_STEPS.has(propertyName(callee) ?? "")) break;
    node = unwrap(callee.object as Node);
  }
  return clientCall(file, node, new Set([...READ_BY_METHOD, ...HOLDING_BODY]), MAX_DEPTH);
}

/**
 * The download whose response a function handles, if any: `https.get(url, (res) => …)`, or a
 * `.then` step of a download's promise (`fetch(url).then((r) => r.text()).then(eval)`).
 */
export function downloadHandledBy(file: SourceFile, fn: Node, call: Node | undefined): string | undefined {
  if (call?.type !== "CallExpression" || !(call.arguments as Node[]).includes(fn)) return undefined;
  const callee = unwrap(call.callee as Node);
  if (callee.type === "MemberExpression" && PROMISE_STEPS.has(propertyName(callee) ?? "")) return chainedOn(file, call);
  const target = calleeTarget(callee, file.bindings);
  return target !== undefined && CALLING_BACK.has(target) ? described(file, call, target) : undefined;
}

/**
 * The download code run at run time comes from, described (`fetch from evil.example`): a value
 * that is a response's body (bodyOf), or any value worked out at run time that code runs inside a
 * handler of a download's response (`res.on("end", () => eval(body))` in `https.get`'s callback,
 * a `.then` step of a fetch): the second stage of a dropper, which no reviewer has seen.
 */
export function downloadOf(file: SourceFile, call: Node, code: Node | undefined): string | undefined {
  if (code === undefined || file.values.known(code) !== undefined) return undefined;
  const body = bodyOf(file, code);
  if (body) return body;
  const ancestors = ancestorsOf(file.program, call);
  for (let i = ancestors.length - 1; i > 0; i--) {
    if (!FUNCTIONS.has(ancestors[i]!.type)) continue;
    const handled = downloadHandledBy(file, ancestors[i]!, ancestors[i - 1]);
    if (handled) return handled;
  }
  return undefined;
}

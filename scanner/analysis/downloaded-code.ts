import { type Node, propertyName, unwrap } from "@/scanner/analysis/ast";
import { decodingCall } from "@/scanner/analysis/decoding-call";
import { LISTENER_METHODS } from "@/scanner/analysis/listener-methods";
import { type Bindings, calleeTarget } from "@/scanner/analysis/module-bindings";
import { ancestorsOf, FUNCTIONS } from "@/scanner/analysis/name-uses";
import { readsName } from "@/scanner/analysis/reads-name";
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
const DOWNLOADS = new Set([...READ_BY_METHOD, ...HOLDING_BODY]);
const BODY_MEMBERS = new Set(["data", "body", "text"]);
// Clients that hand their response to a callback (`https.get(url, (res) => …)`).
const CALLING_BACK = new Set(["http.get", "https.get", "http.request", "https.request", "request", "request.get", "needle.get", "needle"]);
// Methods whose text is their object's.
const KEEPS_TEXT = new Set(["toString", "trim", "trimStart", "trimEnd", "slice", "replace", "replaceAll"]);
// Calls and constructors whose bytes or stream are their argument's (`Buffer.from(await r.arrayBuffer())`, `Readable.fromWeb(r.body)`).
const KEEPS_BYTES = new Set(["Buffer.from", "Buffer", "buffer.Buffer.from", "Uint8Array", "stream.Readable.fromWeb", "stream.Readable.from"]);
const PROMISE_STEPS = new Set(["then", "catch", "finally"]);
const MAX_DEPTH = 8;
// How many nodes one search looks at: a body reaches code in a few steps, and a search that
// wanders through large templates of constants for each call of a file would cost calls × nodes.
const MAX_SEEN = 64;

/** What code a package downloads and runs is, as findings say it: a second stage its server can change at will. */
export const UNSEEN_CODE = "code no reviewer has seen, which its server can change at will";

/** One search: the nodes looked at (each once: a template naming one constant eighty times is one look), and how deep it is. */
interface Search {
  seen: Set<Node>;
  depth: number;
}
const deeper = (search: Search): Search => ({ seen: search.seen, depth: search.depth + 1 });

/** The member a call calls (`then` of `p.then(f)`), if its callee is a member. */
function calledMember(call: Node): string | undefined {
  const callee = unwrap(call.callee as Node);
  return callee.type === "MemberExpression" ? propertyName(callee) : undefined;
}
const isPromiseStep = (call: Node) => PROMISE_STEPS.has(calledMember(call) ?? "");

/** A client's call as a reviewer reads it: its target and, where it can be worked out, the host its URL names. */
function described(file: SourceFile, call: Node, target: string): string {
  const host = hostOf(file.values.resolve((call.arguments as Node[])[0]));
  return host ? `${target} from ${host}` : target;
}

/**
 * What a value a name is declared or assigned with is (`const res = await fetch(url)`, `let res;
 * res = …`): one of `clients`' calls (clientCall), or else a body (bodyOf). Assignments only within
 * a few steps of the code, as each name assigned several times multiplies the search.
 */
function throughName(file: SourceFile, name: Node, search: Search, clients?: Set<string>): string | undefined {
  const init = file.values.declaredWith(name);
  const found = init && (clients ? clientCall(file, init, clients, deeper(search)) : bodyOf(file, init, deeper(search)));
  if (found || search.depth >= 3) return found;
  let assigned: string | undefined;
  const finds = (value: Node) => (assigned = clients ? clientCall(file, value, clients, deeper(search)) : bodyOf(file, value, deeper(search))) !== undefined;
  return file.values.assignedWith(name, finds) ? assigned : undefined;
}

/** The download a node is (`fetch(url)`, through awaits and names) if it is one of `clients`, described. */
function clientCall(file: SourceFile, wrapped: Node, clients: Set<string>, search: Search): string | undefined {
  const node = unwrap(wrapped);
  if (search.depth > MAX_DEPTH || search.seen.size > MAX_SEEN || search.seen.has(node)) return undefined;
  search.seen.add(node);
  if (node.type === "Identifier") return throughName(file, node, search, clients);
  if (node.type !== "CallExpression") return undefined;
  const target = calleeTarget(node.callee as Node, file.bindings);
  return target !== undefined && clients.has(target) ? described(file, node, target) : undefined;
}

/** The download whose promise chain a `.then` step is on (`fetch(url).then((r) => r.text()).then(…)`). */
function chainedOn(file: SourceFile, step: Node, search: Search): string | undefined {
  let node = unwrap(step);
  while (node.type === "CallExpression" && isPromiseStep(node)) node = unwrap(unwrap(node.callee as Node).object as Node);
  return clientCall(file, node, DOWNLOADS, search);
}

/**
 * The download a value is the body of (`await (await fetch(url)).text()`, `(await
 * axios.get(url)).data`, `const { data } = await axios.get(url)`, `await fetch(url).then((r) =>
 * r.text())`), through names, awaits, `+`, templates, string methods and decodings (`atob(body)`).
 */
function bodyOf(file: SourceFile, wrapped: Node, search: Search = { seen: new Set(), depth: 0 }): string | undefined {
  const node = unwrap(wrapped);
  if (search.depth > MAX_DEPTH || search.seen.size > MAX_SEEN || search.seen.has(node)) return undefined;
  search.seen.add(node);
  if (node.type === "Identifier") {
    const taken = file.values.destructuredWith(node);
    if (taken && BODY_MEMBERS.has(taken.key)) return clientCall(file, taken.init, HOLDING_BODY, deeper(search));
    return throughName(file, node, search);
  }
  const on = (next: Node) => bodyOf(file, next, deeper(search));
  if (node.type === "BinaryExpression" && node.operator === "+") return on(node.left as Node) ?? on(node.right as Node);
  if (node.type === "TemplateLiteral") {
    for (const expression of node.expressions as Node[]) {
      const found = on(expression);
      if (found) return found;
    }
    return undefined;
  }
  if (node.type === "MemberExpression") {
    const member = propertyName(node) ?? "";
    // A fetch response's `body` is its body as a stream.
    return BODY_MEMBERS.has(member) ? clientCall(file, node.object as Node, member === "body" ? DOWNLOADS : HOLDING_BODY, deeper(search)) : undefined;
  }
  if (node.type !== "CallExpression" && node.type !== "NewExpression") return undefined;
  const [first] = node.arguments as Node[];
  if (first && KEEPS_BYTES.has(calleeTarget(unwrap(node.callee as Node), file.bindings) ?? "")) return on(first);
  if (node.type !== "CallExpression") return undefined;
  // `atob(await (await fetch(url)).text())`: a download decoded is still the download.
  const decoding = decodingCall(node, file.bindings, (text) => file.values.known(text));
  if (decoding?.input) return on(decoding.input);
  const callee = unwrap(node.callee as Node);
  if (callee.type !== "MemberExpression") return undefined;
  const method = propertyName(callee) ?? "";
  if (KEEPS_TEXT.has(method)) return on(callee.object as Node);
  if (PROMISE_STEPS.has(method)) return chainedOn(file, node, deeper(search));
  if (!BODY_READERS.has(method)) return undefined;
  // `(await request(url)).body.text()`: undici's body.
  const object = unwrap(callee.object as Node);
  return clientCall(file, object.type === "MemberExpression" && propertyName(object) === "body" ? (object.object as Node) : object, DOWNLOADS, deeper(search));
}

/** The download a value is the response of (`await fetch(url)`, through names), described: what Bun.write saves as its body. */
export const responseOf = (file: SourceFile, node: Node): string | undefined => clientCall(file, node, READ_BY_METHOD, { seen: new Set(), depth: 0 });

/**
 * The download whose response a function handles, if any: `https.get(url, (res) => …)`, or a
 * `.then` step of a download's promise (`fetch(url).then((r) => r.text()).then(eval)`).
 */
export function downloadHandledBy(file: SourceFile, fn: Node, call: Node | undefined): string | undefined {
  if (call?.type !== "CallExpression" || !(call.arguments as Node[]).includes(fn)) return undefined;
  if (isPromiseStep(call)) return chainedOn(file, call, { seen: new Set(), depth: 0 });
  const target = calleeTarget(unwrap(call.callee as Node), file.bindings);
  return target !== undefined && CALLING_BACK.has(target) ? described(file, call, target) : undefined;
}

/** Whether a function is an event listener (`res.on("end", () => …)`), which runs inside the handler around it. */
const isListener = (fn: Node, call: Node | undefined) => call?.type === "CallExpression" && (call.arguments as Node[]).includes(fn) && LISTENER_METHODS.has(calledMember(call) ?? "");

/**
 * The download code run at run time comes from, described (`fetch from evil.example`): a value
 * that is a response's body (bodyOf), or code run in a handler of a download's response: in
 * `https.get`'s callback (also inside the response's listeners, `res.on("end", () =>
 * eval(body))`), or made of what a `.then` step of a download is given (`.then((code) =>
 * eval(code))`). Any other function between the two (a tool's handler registered there) is code
 * of its own. The second stage of a dropper, which no reviewer has seen.
 */
export function downloadOf(file: SourceFile, call: Node, code: Node | undefined): string | undefined {
  if (code === undefined || file.values.known(code) !== undefined) return undefined;
  const body = bodyOf(file, code);
  if (body) return body;
  const ancestors = ancestorsOf(file.program, call);
  for (let i = ancestors.length - 1; i > 0; i--) {
    const fn = ancestors[i]!;
    if (!FUNCTIONS.has(fn.type)) continue;
    const handled = downloadHandledBy(file, fn, ancestors[i - 1]);
    if (handled) {
      const given = (fn.params as Node[])[0];
      // A promise step's code must be made of what the step is given; a callback's may be anything.
      return !isPromiseStep(ancestors[i - 1]!) || (given?.type === "Identifier" && readsName(file.values, code, given.name as string)) ? handled : undefined;
    }
    if (!isListener(fn, ancestors[i - 1])) return undefined;
  }
  return undefined;
}

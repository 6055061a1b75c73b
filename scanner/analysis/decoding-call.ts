import { type Node, propertyName, unwrap } from "@/scanner/analysis/ast";
import { type Bindings, calleeTarget } from "@/scanner/analysis/module-bindings";

// Encodings a payload is kept in so that no reader, and no search, sees what it says.
const HIDING_ENCODINGS = new Set(["base64", "base64url", "hex"]);
// What Buffer.from reads text as, and what `toString` turns bytes back into text with (Node takes any case).
const BUFFER_ENCODINGS = new Set([...HIDING_ENCODINGS, "utf8", "utf-8", "latin1", "binary", "ascii"]);
const TEXT_ENCODINGS = new Set(["utf8", "utf-8", "latin1", "binary", "ascii"]);
const BUFFER_MAKERS = new Set(["Buffer.from", "Buffer", "buffer.Buffer.from", "buffer.Buffer"]);
const CHAR_CODES = new Set(["String.fromCharCode", "String.fromCodePoint"]);
const DECOMPRESSES = /^zlib\.(inflate|inflateRaw|gunzip|unzip|brotliDecompress)Sync$/;
// Longer input is not decoded here: module names, hosts and paths are short, and decoding makes
// real strings of what concatenation only joins (a kilobyte of constants can spell gigabytes).
const MAX_DECODED_INPUT = 64 * 1024;

/** A call that makes text of other text at run time. */
export interface DecodingCall {
  /** How, as a finding names it: `Buffer.from, base64`, `atob`, `zlib.inflateSync`. */
  how: string;
  /** Whether what it decodes is kept in a form no reader sees: base64, hex, compressed, character codes. */
  hides: boolean;
  /** Its result, where its input can be worked out (never zlib's). */
  decode(): string | undefined;
}

/**
 * Whether a call decodes text (`atob(…)`, `Buffer.from(…, "base64").toString()` or hex, also of
 * `new Buffer` and the buffer module's, a zlib inflate, `String.fromCharCode(…)`) and how.
 * `text`: the string a node is known to be, as the caller works it out (literals, constants).
 */
export function decodingCall(call: Node, bindings: Bindings, text: (node: Node | undefined) => string | undefined): DecodingCall | undefined {
  if (call.type !== "CallExpression") return undefined;
  const callee = unwrap(call.callee as Node);
  const args = call.arguments as Node[];
  if (callee.type === "MemberExpression" && propertyName(callee) === "toString") return bufferText(unwrap(callee.object as Node), args[0], bindings, text);
  // `new TextDecoder().decode(Buffer.from(p, "base64"))`: the bytes as UTF-8.
  if (callee.type === "MemberExpression" && propertyName(callee) === "decode" && isTextDecoder(unwrap(callee.object as Node), bindings) && args[0]) return bufferText(unwrap(args[0]), undefined, bindings, text);
  const target = calleeTarget(callee, bindings);
  if (target === "atob") return { how: "atob", hides: true, decode: () => decoded(text(args[0]), (input) => Buffer.from(input, "base64").toString("latin1")) };
  if (target !== undefined && CHAR_CODES.has(target)) return { how: target, hides: true, decode: () => fromCodes(target, args) };
  if (target !== undefined && DECOMPRESSES.test(target)) return { how: target, hides: true, decode: () => undefined };
  return undefined;
}

const isTextDecoder = (node: Node, bindings: Bindings) => node.type === "NewExpression" && ["TextDecoder", "util.TextDecoder"].includes(calleeTarget(unwrap(node.callee as Node), bindings) ?? "");

/** `bytes.toString(encoding)`, where the bytes are a buffer made from text (`Buffer.from(data, "hex")`, bufferFrom). */
function bufferText(bytes: Node, encodingArg: Node | undefined, bindings: Bindings, text: (node: Node | undefined) => string | undefined): DecodingCall | undefined {
  const made = bufferFrom(bytes, bindings, text);
  const to = encodingArg === undefined ? "utf8" : text(encodingArg)?.toLowerCase();
  if (made === undefined || to === undefined || !TEXT_ENCODINGS.has(to)) return undefined;
  return { how: made.how, hides: made.hides, decode: () => decoded(text(made.data), (input) => Buffer.from(input, made.from).toString(to as BufferEncoding)) };
}

/**
 * A buffer made from text read in an encoding (`Buffer.from(data, "base64")`, `new Buffer(…)`,
 * the buffer module's): the bytes a payload is hidden in, whatever turns them back into text
 * (`toString()`, `String(…)`, `+ ""`).
 */
export function bufferFrom(node: Node, bindings: Bindings, text: (node: Node | undefined) => string | undefined): { how: string; hides: boolean; data: Node | undefined; from: BufferEncoding } | undefined {
  if (node.type !== "CallExpression" && node.type !== "NewExpression") return undefined;
  if (!BUFFER_MAKERS.has(calleeTarget(unwrap(node.callee as Node), bindings) ?? "")) return undefined;
  const [data, encodingNode] = node.arguments as Node[];
  const from = encodingNode === undefined ? "utf8" : text(encodingNode)?.toLowerCase();
  if (from === undefined || !BUFFER_ENCODINGS.has(from)) return undefined;
  return { how: `Buffer.from, ${from}`, hides: HIDING_ENCODINGS.has(from), data, from: from as BufferEncoding };
}

function decoded(input: string | undefined, decode: (input: string) => string): string | undefined {
  return input !== undefined && !input.includes("${…}") && input.length <= MAX_DECODED_INPUT ? decode(input) : undefined;
}

/** `String.fromCharCode(99, 112)`: numbers written out (fromCharCode keeps each code's low 16 bits, as JavaScript does). */
function fromCodes(target: string, args: Node[]): string | undefined {
  const codes = args.map((arg) => (arg.type === "Literal" && typeof arg.value === "number" ? arg.value : Number.NaN));
  if (!codes.every((code) => Number.isInteger(code) && code >= 0)) return undefined;
  if (target === "String.fromCharCode") return String.fromCharCode(...codes);
  return codes.every((code) => code <= 0x10ffff) ? String.fromCodePoint(...codes) : undefined;
}

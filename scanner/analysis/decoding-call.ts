import { type Node, propertyName, unwrap } from "@/scanner/analysis/ast";
import { type Bindings, calleeTarget } from "@/scanner/analysis/module-bindings";

// Encodings a payload is kept in so that no reader, and no search, sees what it says.
const HIDING_ENCODINGS = new Set(["base64", "base64url", "hex"]);
// What Buffer.from reads text as, and what `toString` turns bytes back into text with (Node takes any case).
const BUFFER_ENCODINGS = new Set([...HIDING_ENCODINGS, "utf8", "utf-8", "latin1", "binary", "ascii"]);
const TEXT_ENCODINGS = new Set(["utf8", "utf-8", "latin1", "binary", "ascii"]);
const BUFFER_MAKERS = new Set(["Buffer.from", "Buffer", "buffer.Buffer.from", "buffer.Buffer"]);
const CHAR_CODES = new Set(["String.fromCharCode", "String.fromCodePoint"]);
const DECOMPRESSES = /^zlib\.(inflate|inflateRaw|gunzip|unzip|brotliDecompress|zstdDecompress)Sync$/;
// Longer input is not decoded here: module names, hosts and paths are short, and decoding makes
// real strings of what concatenation only joins (a kilobyte of constants can spell gigabytes).
const MAX_DECODED_INPUT = 64 * 1024;
// More character codes than a call can spread into arguments are none the scanner decodes.
const MAX_CHAR_CODES = 10_000;

type Text = (node: Node | undefined) => string | undefined;

/** A call that makes text of other text at run time. */
export interface DecodingCall {
  /** How, as a finding names it: `Buffer.from, base64`, `atob`, `zlib.inflateSync`. */
  how: string;
  /** Whether what it decodes is kept in a form no reader sees: base64, hex, byte values, compressed, character codes. */
  hides: boolean;
  /** What it decodes; undefined for codes written out as its arguments or a list (`String.fromCharCode(99, 112)`, `Buffer.from([99, 112])`). */
  input: Node | undefined;
  /** Its result, where its input can be worked out (never zlib's). */
  decode(): string | undefined;
}

/**
 * Whether a call decodes text (`atob(…)`, `Buffer.from(…, "base64").toString()` or hex, also of
 * `new Buffer`, the buffer module's and a list of byte values, `new TextDecoder().decode(…)`, a
 * zlib inflate, `String.fromCharCode(…)`) and how. `text`: the string a node is known to be, as
 * the caller works it out (literals, constants).
 */
export function decodingCall(call: Node, bindings: Bindings, text: Text): DecodingCall | undefined {
  if (call.type !== "CallExpression") return undefined;
  const callee = unwrap(call.callee as Node);
  const args = call.arguments as Node[];
  if (callee.type === "MemberExpression" && propertyName(callee) === "toString") return bufferText(unwrap(callee.object as Node), args[0], bindings, text);
  // `new TextDecoder().decode(Buffer.from(p, "base64"))`: the bytes as UTF-8.
  if (callee.type === "MemberExpression" && propertyName(callee) === "decode" && isUtf8Decoder(unwrap(callee.object as Node), bindings, text) && args[0]) return bufferText(unwrap(args[0]), undefined, bindings, text);
  const target = calleeTarget(callee, bindings);
  if (target === "atob") return { how: "atob", hides: true, input: args[0], decode: () => decoded(text(args[0]), (input) => Buffer.from(input, "base64").toString("latin1")) };
  if (target !== undefined && CHAR_CODES.has(target)) return { how: target, hides: true, input: undefined, decode: () => fromCodes(target, args) };
  if (target !== undefined && DECOMPRESSES.test(target)) return { how: target, hides: true, input: args[0], decode: () => undefined };
  return undefined;
}

/** `new TextDecoder()` (or `"utf-8"`'s): one that reads bytes as they were written; another encoding reads them otherwise. */
function isUtf8Decoder(node: Node, bindings: Bindings, text: Text): boolean {
  if (node.type !== "NewExpression" || !["TextDecoder", "util.TextDecoder"].includes(calleeTarget(unwrap(node.callee as Node), bindings) ?? "")) return false;
  const [label] = node.arguments as Node[];
  return label === undefined || ["utf-8", "utf8"].includes(text(label)?.toLowerCase() ?? "");
}

/** `bytes.toString(encoding)`, where the bytes are a buffer made from text or byte values (bufferFrom). */
function bufferText(buffer: Node, encodingArg: Node | undefined, bindings: Bindings, text: Text): DecodingCall | undefined {
  const made = bufferFrom(buffer, bindings, text);
  const to = encodingArg === undefined ? "utf8" : text(encodingArg)?.toLowerCase();
  if (made === undefined || to === undefined || !TEXT_ENCODINGS.has(to)) return undefined;
  const { data, from } = made;
  const values = data?.type === "ArrayExpression" ? byteValues(data) : undefined;
  const decode = values ? () => Buffer.from(values).toString(to as BufferEncoding) : () => decoded(text(data), (input) => Buffer.from(input, from).toString(to as BufferEncoding));
  return { how: made.how, hides: made.hides, input: made.input, decode };
}

/**
 * A buffer made from text read in an encoding (`Buffer.from(data, "base64")`, `new Buffer(…)`,
 * the buffer module's), or from a list of byte values: the bytes a payload is hidden in, whatever
 * turns them back into text (`toString()`, `String(…)`, `+ ""`).
 */
export function bufferFrom(node: Node, bindings: Bindings, text: Text): (DecodingCall & { data: Node | undefined; from: BufferEncoding }) | undefined {
  if (node.type !== "CallExpression" && node.type !== "NewExpression") return undefined;
  const maker = calleeTarget(unwrap(node.callee as Node), bindings) ?? "";
  if (!BUFFER_MAKERS.has(maker)) return undefined;
  const [data, encodingNode] = node.arguments as Node[];
  const made = node.type === "NewExpression" ? `new ${maker}` : maker;
  if (data?.type === "ArrayExpression") {
    const bytes = byteValues(data);
    return bytes ? { how: `${made}, byte values`, hides: true, input: undefined, decode: () => Buffer.from(bytes).toString("utf8"), data, from: "utf8" } : undefined;
  }
  const from = encodingNode === undefined ? "utf8" : text(encodingNode)?.toLowerCase();
  if (from === undefined || !BUFFER_ENCODINGS.has(from)) return undefined;
  return { how: `${made}, ${from}`, hides: HIDING_ENCODINGS.has(from), input: data, decode: () => decoded(text(data), (input) => Buffer.from(input, from as BufferEncoding).toString("utf8")), data, from: from as BufferEncoding };
}

/** A list of byte values written out (`[99, 112]`), if it is one. */
function byteValues(array: Node): number[] | undefined {
  const elements = array.elements as (Node | null)[];
  if (elements.length === 0 || elements.length > MAX_DECODED_INPUT) return undefined;
  const values = elements.map((element) => (element?.type === "Literal" && typeof element.value === "number" ? element.value : Number.NaN));
  return values.every((value) => Number.isInteger(value) && value >= 0 && value <= 255) ? values : undefined;
}

function decoded(input: string | undefined, decode: (input: string) => string): string | undefined {
  return input !== undefined && input.length <= MAX_DECODED_INPUT ? decode(input) : undefined;
}

/** `String.fromCharCode(99, 112)`: numbers written out (fromCharCode keeps each code's low 16 bits, as JavaScript does). */
function fromCodes(target: string, args: Node[]): string | undefined {
  if (args.length > MAX_CHAR_CODES) return undefined;
  const codes = args.map((arg) => (arg.type === "Literal" && typeof arg.value === "number" ? arg.value : Number.NaN));
  if (!codes.every((code) => Number.isInteger(code) && code >= 0)) return undefined;
  if (target === "String.fromCharCode") return String.fromCharCode(...codes);
  return codes.every((code) => code <= 0x10ffff) ? String.fromCodePoint(...codes) : undefined;
}

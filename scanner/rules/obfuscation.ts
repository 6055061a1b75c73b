import { isSpeltInEscapes, type Node, propertyName, stringLiteral } from "@/scanner/analysis/ast";
import { calleeTarget } from "@/scanner/analysis/module-bindings";
import type { CodeRule } from "@/scanner/rules/rule";

// javascript-obfuscator's hallmark names, and how many make a pattern rather than a coincidence.
const HEX_NAME = /^_0x[0-9a-f]{4,}$/i;
const HEX_NAMES_FOR_A_PATTERN = 5;
const LONG_BLOB = 200;
const isLongString = (init: Node) => (stringLiteral(init)?.length ?? 0) >= LONG_BLOB;
const BASE64 = /^[A-Za-z0-9+/=_-]+$/;
const HEX = /^[0-9a-fA-F]+$/;
const ESCAPES_FOR_A_PATTERN = 20;

const ASCII = /^[\x00-\x7f]*$/;

/**
 * A name spelt in escapes (isSpeltInEscapes), which the parser reads as the name and every text
 * search misses. esbuild escapes non-ASCII names (`caf\u00E9`), so only an all-ASCII name
 * counts: nothing needs to escape those.
 */
const isEscapedName = (node: Node) => isSpeltInEscapes(node) && ASCII.test(node.name as string);

/** `Buffer.from(…)` or `atob(…)`, by their shape: what decodes a blob. */
function decodesBlobs(callee: Node): boolean {
  if (callee.type === "Identifier") return callee.name === "atob";
  return callee.type === "MemberExpression" && (propertyName(callee) === "from" || propertyName(callee) === "atob");
}

/**
 * Code written not to be read: `_0x`-style identifiers, names and strings spelt in escapes, and
 * long base64 or hex blobs decoded at run time (where payloads hide).
 */
export const obfuscationRule: CodeRule = {
  id: "obfuscation",
  category: "obfuscation",
  types: ["Identifier", "Literal", "CallExpression"],
  // The cheap half of each test below: bundles hold hundreds of thousands of identifiers and strings.
  keeps(node) {
    if (node.type === "Identifier") return (node.name as string).startsWith("_0") || isEscapedName(node);
    if (node.type === "Literal") return typeof node.raw === "string" && node.raw.includes("\\");
    // A long literal, or a name (a constant holding one) handed to Buffer.from or atob.
    const first = (node.arguments as Node[])[0];
    if (first?.type === "Identifier") return decodesBlobs(node.callee as Node);
    return (stringLiteral(first)?.length ?? 0) >= LONG_BLOB;
  },
  visitor(context) {
    let firstHexName: Node | undefined;
    const hexNames = new Set<string>();
    let firstEscapedName: Node | undefined;
    let escapedNames = 0;
    const node = (node: Node) => {
      if (node.type === "Identifier" && (node.name as string).startsWith("_0") && HEX_NAME.test(node.name as string)) {
        if (!firstHexName || node.start < firstHexName.start) firstHexName = node;
        hexNames.add(node.name as string);
      }
      if (node.type === "Identifier" && isEscapedName(node)) {
        if (!firstEscapedName || node.start < firstEscapedName.start) firstEscapedName = node;
        escapedNames++;
      }
      if (node.type === "Literal" && typeof node.value === "string" && typeof node.raw === "string" && node.raw.includes("\\")) {
        // Only escapes of printable ASCII hide readable text; escaped Greek or Unicode tables do not.
        const escapes = (node.raw.match(/\\x[0-9a-f]{2}|\\u[0-9a-f]{4}/gi) ?? []).filter((e) => {
          const code = Number.parseInt(e.slice(2), 16);
          return code >= 0x20 && code <= 0x7e;
        }).length;
        if (escapes >= ESCAPES_FOR_A_PATTERN && escapes * 4 >= node.raw.length / 2) {
          context.report(node, { severity: "medium", message: `A string spelt almost entirely in escape sequences (${escapes} escapes)` });
        }
      }
      if (node.type === "CallExpression") {
        const args = node.arguments as Node[];
        const blob = args[0]?.type === "Identifier" ? stringLiteral(context.values.constant(args[0], isLongString)) : stringLiteral(args[0]);
        if (!blob || blob.length < LONG_BLOB) return;
        const target = calleeTarget(node.callee as Node, context.bindings);
        const encoding = stringLiteral(args[1]);
        const decodes =
          (target === "Buffer.from" && ((encoding === "base64" && BASE64.test(blob)) || (encoding === "hex" && HEX.test(blob)))) ||
          (target === "atob" && BASE64.test(blob));
        if (!decodes) return;
        // "\0asm" in base64 or hex: a WebAssembly module bundled as text (yoga, sql.js), which is
        // code the scanner cannot read, like a .wasm file, rather than a hidden payload.
        if (/^(AGFzbQ|0061736d)/i.test(blob)) {
          context.report(node, { severity: "medium", message: `Decodes an embedded WebAssembly module (${blob.length} characters), code that cannot be analysed` });
          return;
        }
        context.report(node, { severity: "high", message: `Decodes a ${blob.length}-character embedded blob at run time (${target}${encoding ? `, ${encoding}` : ""})` });
      }
    };
    const end = () => {
      if (firstHexName && hexNames.size >= HEX_NAMES_FOR_A_PATTERN) {
        context.report(firstHexName, { severity: "high", message: `${hexNames.size} identifiers named like _0x1a2b: the output of a JavaScript obfuscator` });
      }
      if (firstEscapedName) {
        const spelt = context.source.slice(firstEscapedName.start, firstEscapedName.end);
        context.report(firstEscapedName, { severity: "medium", message: `${escapedNames} name${escapedNames === 1 ? "" : "s"} spelt in escape sequences (${spelt} for ${firstEscapedName.name as string}), hidden from anyone reading or searching the code` });
      }
    };
    return { node, end };
  },
};

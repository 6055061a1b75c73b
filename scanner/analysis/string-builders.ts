import { type Node, propertyName, unwrap } from "@/scanner/analysis/ast";
import type { Bindings } from "@/scanner/analysis/bindings";

// A string's methods whose result follows from the string alone: descriptions and URLs are
// often written as an indented template and trimmed, or cased.
const OWN_METHODS: Record<string, (text: string) => string> = {
  trim: (text) => text.trim(),
  trimStart: (text) => text.trimStart(),
  trimEnd: (text) => text.trimEnd(),
  toLowerCase: (text) => text.toLowerCase(),
  toUpperCase: (text) => text.toUpperCase(),
};

/**
 * The string a call of a string's method makes of what the caller works out (`text`, undefined
 * where unknown; `known` where no part may be unknown): `"…".trim()` and the like, `a.concat(b)`,
 * and `replace`/`replaceAll` of a string by a string (a pattern given as a regular expression is
 * the package's, and is not run). Undefined for anything else.
 */
export function stringMethodCall(call: Node, text: (node: Node) => string | undefined, known: (node: Node) => string | undefined): string | undefined {
  const callee = unwrap(call.callee as Node);
  const method = callee.type === "MemberExpression" ? propertyName(callee) : undefined;
  if (method === undefined) return undefined;
  const args = call.arguments as Node[];
  const object = callee.object as Node;
  if (Object.hasOwn(OWN_METHODS, method) && !args.length) {
    const value = text(object);
    return value === undefined ? undefined : OWN_METHODS[method]!(value);
  }
  if (method === "concat") {
    const value = text(object);
    return value === undefined ? undefined : value + args.map((arg) => text(arg) ?? "${…}").join("");
  }
  if ((method === "replace" || method === "replaceAll") && args.length === 2) {
    const value = known(object);
    const pattern = isRegExp(args[0]!) ? undefined : known(args[0]!);
    const replacement = known(args[1]!);
    if (value === undefined || pattern === undefined || replacement === undefined) return undefined;
    return method === "replace" ? value.replace(pattern, replacement) : value.replaceAll(pattern, replacement);
  }
  return undefined;
}

const isRegExp = (node: Node) => {
  const pattern = unwrap(node);
  return (pattern.type === "Literal" && pattern.regex != null) || pattern.type === "NewExpression";
};

// The tags that strip a template's indentation, by the module they come from and the member
// (undefined: the module itself): dedent, ts-dedent, outdent, endent and common-tags.
const INDENT_TAGS: Record<string, readonly (string | undefined)[]> = {
  dedent: [undefined],
  "ts-dedent": [undefined, "dedent"],
  outdent: [undefined, "outdent"],
  endent: [undefined],
  "common-tags": ["stripIndent", "stripIndents", "oneLine", "oneLineTrim", "codeBlock", "source", "html"],
};

/**
 * How a tag makes its template's text, where the tag is `String.raw` or a function of a known
 * module that strips indentation (INDENT_TAGS: imported or required, not a function of the
 * package's own under such a name, which could return anything): the raw text, or the cooked
 * text without its common indentation (common-tags' `oneLine`s on one line).
 */
export function taggedText(tag: Node, bindings: Bindings): { raw: boolean; finish: (text: string) => string } | undefined {
  const node = unwrap(tag);
  if (node.type === "MemberExpression" && propertyName(node) === "raw" && unwrap(node.object as Node).type === "Identifier" && (unwrap(node.object as Node).name as string) === "String" && !bindings.declaredNames.has("String")) {
    return { raw: true, finish: (text) => text };
  }
  const binding = node.type === "Identifier" ? bindings.at(node) : undefined;
  if (!binding || binding.role !== undefined || !Object.hasOwn(INDENT_TAGS, binding.module) || !INDENT_TAGS[binding.module]!.includes(binding.member)) return undefined;
  return { raw: false, finish: binding.member?.startsWith("oneLine") ? oneLine : withoutIndent };
}

/** A template's text without the indentation its lines share, and without the blank first and last lines an indented template has. */
function withoutIndent(text: string): string {
  const lines = text.split("\n");
  if (lines.length > 1 && !lines[0]!.trim()) lines.shift();
  if (lines.length > 1 && !lines.at(-1)!.trim()) lines.pop();
  const indents = lines.filter((line) => line.trim()).map((line) => line.length - line.trimStart().length);
  const cut = indents.reduce((least, indent) => Math.min(least, indent), indents[0] ?? 0);
  return lines.map((line) => line.slice(Math.min(cut, line.length - line.trimStart().length))).join("\n");
}

/** A template on one line: each line break and the indentation after it one space. */
const oneLine = (text: string) => text.split("\n").map((line) => line.trim()).filter(Boolean).join(" ");

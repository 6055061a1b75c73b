import { parseSync, rawTransferSupported } from "oxc-parser";
import type { Node } from "@/scanner/analysis/ast";

/** Files the static analysis parses, by extension. */
export const CODE_EXTENSIONS = [".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"];

// Declaration files (.d.ts, .d.mts, .d.cts) hold types only: nothing in them runs.
export const isCodeFile = (file: string) => CODE_EXTENSIONS.some((ext) => file.endsWith(ext)) && !/\.d\.[cm]?ts$/.test(file);

export interface ParsedSource {
  program: Node;
  /** Parse errors; a file with errors is still analysed as far as it parsed. */
  errors: string[];
  /** Where the comments are, as the parser found them (a `//` inside a string is none). */
  comments: Span[];
}

/** Where something is in a file's text: offsets as the AST's. */
export interface Span {
  start: number;
  end: number;
}

// Raw transfer hands the AST from Rust to JS through shared memory instead of JSON: about half
// the time and a quarter less memory on large bundles (npm run bench:scan).
const RAW_TRANSFER = rawTransferSupported();

/** Parses JavaScript or TypeScript (chosen by the file name) into an ESTree AST with oxc. */
export function parseSource(file: string, text: string): ParsedSource {
  // Entry points without a code extension (bin/cli, lib/x.txt) are run by Node as JavaScript.
  const lang = CODE_EXTENSIONS.some((ext) => file.endsWith(ext)) ? {} : { lang: "js" as const };
  const result = parseSync(file, text, { preserveParens: false, ...lang, ...(RAW_TRANSFER ? { experimentalRawTransfer: true } : {}) });
  return { program: result.program as unknown as Node, errors: result.errors.map((e) => e.message), comments: result.comments };
}

// +1 for ( [ {, -1 for ) ] }, by byte: one table load per byte instead of six comparisons.
const BRACKET_DELTA = new Int8Array(256);
for (const c of "([{") BRACKET_DELTA[c.charCodeAt(0)] = 1;
for (const c of ")]}") BRACKET_DELTA[c.charCodeAt(0)] = -1;

/**
 * The deepest bracket nesting in a text (strings and comments included, which can only
 * overestimate). oxc's native parser crashes the process somewhere past 2,000 levels, and honest
 * code, minified or not, stays in the hundreds.
 */
export const MAX_PARSE_NESTING = 1000;

/**
 * Counted on the UTF-8 bytes, twice as fast as on the decoded string and the same count:
 * brackets are ASCII, which UTF-8 encodes as itself and never inside another character.
 */
export function bracketDepth(bytes: Uint8Array): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < bytes.length; i++) {
    const delta = BRACKET_DELTA[bytes[i]!]!;
    if (delta === 0) continue;
    depth += delta;
    if (depth < 0) depth = 0;
    else if (depth > deepest) deepest = depth;
  }
  return deepest;
}

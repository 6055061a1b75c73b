import { parseSync } from "oxc-parser";
import type { Node } from "@/scanner/analysis/ast";

/** Files the static analysis parses, by extension. */
export const CODE_EXTENSIONS = [".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"];

export const isCodeFile = (file: string) => CODE_EXTENSIONS.some((ext) => file.endsWith(ext)) && !file.endsWith(".d.ts");

export interface ParsedSource {
  program: Node;
  /** Parse errors; a file with errors is still analysed as far as it parsed. */
  errors: string[];
}

/** Parses JavaScript or TypeScript (chosen by the file name) into an ESTree AST with oxc. */
export function parseSource(file: string, text: string): ParsedSource {
  const result = parseSync(file, text, { preserveParens: false });
  return { program: result.program as unknown as Node, errors: result.errors.map((e) => e.message) };
}

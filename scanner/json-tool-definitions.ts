import { analyzeSource, type SourceAnalysis } from "@/scanner/analysis/analyze-source";
import { MAX_JSON_BYTES } from "@/scanner/analysis/json-exports";
import { bracketDepth, MAX_PARSE_NESTING } from "@/scanner/analysis/parse-source";
import { hiddenUnicodeRule } from "@/scanner/rules/hidden-unicode";
import { toolPoisoningRule } from "@/scanner/rules/tool-poisoning";

// The keys a tool definition holds beside its description: an input schema, or the protocol's annotations.
const DEFINITION_KEYS = ['"inputSchema"', '"schema"', '"parameters"', '"annotations"'];

/**
 * The tools a JSON file of the package defines, read as tool definitions in code are (objects
 * shaped as tools, tables keyed by their names), and what the tool rules find in them. A server
 * that keeps its tools in `tools.json` and registers them in a loop has their descriptions
 * checked, and a change to them changes the tools. The text is parsed as the JavaScript
 * expression JSON is, so that each tool has its line; a file that holds no description beside
 * such a key, is over MAX_JSON_BYTES, nests too deep or is no JSON is not read (its text rules
 * ran all the same).
 */
export function jsonToolDefinitions(file: string, text: string, bytes: Buffer): Pick<SourceAnalysis, "findings" | "tools"> | undefined {
  if (!file.endsWith(".json") || bytes.length > MAX_JSON_BYTES || !text.includes('"description"') || !DEFINITION_KEYS.some((key) => text.includes(key))) return undefined;
  if (bracketDepth(bytes) > MAX_PARSE_NESTING) return undefined;
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  // In parentheses, an object is an expression, not a block; the lines stay as they are.
  const { findings, tools } = analyzeSource(file, `(${text})`, [toolPoisoningRule, hiddenUnicodeRule]);
  return { findings, tools };
}

import { type OwnFileExports } from "@/scanner/analysis/own-file-exports";
import { schemaAnswer } from "@/scanner/analysis/schema-reading";

// JSON files this long at most are read for importers; a schema's descriptions are looked for this deep.
export const MAX_JSON_BYTES = 1024 * 1024;
const MAX_DEPTH = 16;

/** The value at a member path (`tools.0.description`; `default.` is the file itself, as an ES module's default import reads it). */
function valueAt(data: unknown, path: string): unknown {
  // Which a file whose data has a `default` of its own means by `default.x`, no reader can tell.
  const throughDefault = path === "default" || path.startsWith("default.");
  if (throughDefault && data !== null && typeof data === "object" && Object.hasOwn(data, "default")) return undefined;
  let value = data;
  for (const key of (throughDefault ? path.slice("default".length) : path).split(".").filter(Boolean)) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The `description` texts of a JSON Schema, as a model reads them. */
function descriptionsIn(value: unknown, out: string[], depth = 0): string[] {
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return out;
  for (const [key, member] of Object.entries(value)) {
    if (key === "description" && typeof member === "string") out.push(member);
    else descriptionsIn(member, out, depth + 1);
  }
  return out;
}

/** A JSON object or array read as an input schema (schemaAnswer); one too deep to write out again is not read whole. */
function schemaOf(value: unknown): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  try {
    return schemaAnswer({ source: JSON.stringify(value), texts: descriptionsIn(value, []), complete: true });
  } catch {
    return schemaAnswer({ source: "", texts: descriptionsIn(value, []), complete: false });
  }
}

/**
 * What a JSON file of the package hands the code that requires or imports it: its strings as
 * texts (`require("./tools.json").add.description`) and its objects as input schemas, read by
 * member path as importers ask. Tool descriptions kept in a JSON file are read as those kept in
 * a file of code are (exportedReadings). Undefined for what does not parse.
 */
export function jsonExports(text: string): OwnFileExports | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const texts = { get: (path: string) => {
    const value = valueAt(data, path);
    return typeof value === "string" ? value : undefined;
  } };
  // Each path asked for is answered once: importers ask again at every reading.
  const answers = new Map<string, string | undefined>();
  const schemas = { get: (path: string) => {
    if (!answers.has(path)) answers.set(path, schemaOf(valueAt(data, path)));
    return answers.get(path);
  } };
  return { named: new Map(), merged: [], texts, schemas };
}

import Ajv2020, { type ErrorObject } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import { officialOpenApiDocument, sigilOpenApiDocument } from "@/lib/openapi/sigil-openapi";
import type { ApiResult } from "./call-api";

// Responses are checked against the schemas of the OpenAPI documents themselves, by a JSON
// Schema validator, not by hand-written field checks.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
const OFFICIAL = "https://modelcontextprotocol.io/official-openapi";
const SIGIL = "https://sigil.dev/openapi";
ajv.addSchema({ ...officialOpenApiDocument(), $id: OFFICIAL });
ajv.addSchema({ ...sigilOpenApiDocument(), $id: SIGIL });

export type Method = "get" | "put" | "post" | "delete" | "patch";

function escapePointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** The JSON Schema the official document gives for one response of one operation. */
export function officialResponseSchemaRef(pathTemplate: string, status: string, method: Method = "get", contentType = "application/json"): string {
  return `${OFFICIAL}#/paths/${escapePointer(pathTemplate)}/${method}/responses/${status}/content/${escapePointer(contentType)}/schema`;
}

export function officialComponentRef(name: string): string {
  return `${OFFICIAL}#/components/schemas/${name}`;
}

export function sigilComponentRef(name: string): string {
  return `${SIGIL}#/components/schemas/${name}`;
}

type ResponseObject = { $ref?: string; description?: string; content?: Record<string, { schema: unknown }> };
type SigilDocument = {
  paths: Record<string, Partial<Record<Method, { responses: Record<string, ResponseObject> }>>>;
  components: { responses: Record<string, ResponseObject> };
};
const sigil = sigilOpenApiDocument() as unknown as SigilDocument;

/**
 * Where Sigil's document puts the schema of one response of one operation (following a
 * components/responses $ref), and its content type; undefined when the status is not
 * documented for the operation.
 */
export function sigilResponseSchemaRef(pathTemplate: string, method: Method, status: string): { ref: string; contentType: string } | undefined {
  const operation = sigil.paths[pathTemplate]?.[method];
  if (!operation) throw new Error(`Sigil's OpenAPI document has no ${method.toUpperCase()} ${pathTemplate}`);
  const response = operation.responses[status];
  if (!response) return undefined;
  const base = response.$ref ? response.$ref.replace("#/", "").split("/") : ["paths", pathTemplate, method, "responses", status];
  const resolved = response.$ref ? sigil.components.responses[base.at(-1)!]! : response;
  if (!resolved.content) return { ref: "", contentType: "" };
  const contentType = Object.keys(resolved.content)[0]!;
  const pointer = [...base, "content", contentType, "schema"].map(escapePointer).join("/");
  return { ref: `${SIGIL}#/${pointer}`, contentType };
}

/** ajv's errors for `body` against the schema at `ref`: an empty list when it is valid. */
export function schemaErrors(ref: string, body: unknown): ErrorObject[] {
  const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
  return validate(body) ? [] : [...(validate.errors ?? [{ instancePath: "", message: "invalid" } as ErrorObject])];
}

/** Asserts that `body` is valid against the schema at `ref`, printing ajv's errors if not. */
export function expectValid(ref: string, body: unknown): void {
  const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
  const valid = validate(body);
  expect(validate.errors ?? [], `${ref}\n${JSON.stringify(body).slice(0, 500)}`).toEqual([]);
  expect(valid).toBe(true);
}

/**
 * Asserts that an answer is one Sigil's document gives for the operation: its status is
 * documented, its content type is the documented one, and its body validates against the
 * documented schema. Returns the schema's ref.
 */
export function expectDocumentedAnswer(pathTemplate: string, method: Method, result: ApiResult): string {
  const documented = sigilResponseSchemaRef(pathTemplate, method, String(result.status));
  expect(documented, `${method.toUpperCase()} ${pathTemplate} answered ${result.status}, which its documentation does not list: ${result.text.slice(0, 300)}`).toBeDefined();
  expect(result.contentType.split(";")[0], `${method.toUpperCase()} ${pathTemplate} ${result.status}`).toBe(documented!.contentType);
  // A body that is not JSON (this document's YAML) is checked as text.
  expectValid(documented!.ref, result.body === undefined ? result.text : result.body);
  return documented!.ref;
}

export interface MutationOptions {
  /** Keys whose values are not looked into: free-form JSON (`data`, `summary`) or other documents' schemas (`serverJson`). */
  opaque?: string[];
  /** Paths (`a.b`, `*` for any array index) that a valid answer may leave out. */
  optional?: string[];
  /** Paths of objects that accept further members (`""` for the top level). */
  open?: string[];
}

/** A value of another JSON type, which no documented field accepts in place of `value`. */
function retyped(value: unknown): unknown {
  if (value === null) return true;
  if (typeof value === "string") return 12345;
  if (typeof value === "number" || typeof value === "boolean") return "12345";
  return "not an object or array";
}

function matches(pattern: string, path: string[]): boolean {
  const parts = pattern === "" ? [] : pattern.split(".");
  return parts.length === path.length && parts.every((part, i) => part === "*" || part === path[i]);
}

/**
 * Asserts that the schema at `ref` checks every field of `body`, a valid answer: each field
 * given a value of another type, each field left out (unless optional) and each object given
 * an undocumented member (unless open) makes the body invalid. So the test of an answer
 * fails when a documented field goes missing or changes its type, and the document fails it
 * when it does not describe a field the answer carries.
 */
export function expectEveryFieldChecked(ref: string, body: unknown, options: MutationOptions = {}): number {
  expectValid(ref, body);
  const unchecked: string[] = [];
  let mutations = 0;
  const tryMutation = (description: string, mutate: (copy: unknown) => void) => {
    const copy = structuredClone(body);
    mutate(copy);
    mutations++;
    if (schemaErrors(ref, copy).length === 0) unchecked.push(description);
  };
  const at = (root: unknown, path: string[]) => path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
  const walk = (node: unknown, path: string[]) => {
    if (node === null || typeof node !== "object") return;
    const isArray = Array.isArray(node);
    if (!isArray && !options.open?.some((p) => matches(p, path))) {
      tryMutation(`${path.join(".") || "(top level)"} given an undocumented member`, (copy) => {
        (at(copy, path) as Record<string, unknown>).undocumentedMember = "x";
      });
    }
    for (const [key, value] of Object.entries(node)) {
      const child = [...path, key];
      const name = child.join(".");
      tryMutation(`${name} given another type`, (copy) => {
        (at(copy, path) as Record<string, unknown>)[key] = retyped(value);
      });
      if (!isArray && !options.optional?.some((p) => matches(p, child))) {
        tryMutation(`${name} left out`, (copy) => {
          delete (at(copy, path) as Record<string, unknown>)[key];
        });
      }
      if (!options.opaque?.includes(key)) walk(value, child);
    }
  };
  walk(body, []);
  expect(unchecked, `mutations of a valid answer that ${ref} still accepts`).toEqual([]);
  return mutations;
}

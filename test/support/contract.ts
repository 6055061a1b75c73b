import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import { officialOpenApiDocument, sigilOpenApiDocument } from "@/lib/openapi/sigil-openapi";

// Responses are checked against the schemas of the OpenAPI documents themselves, by a JSON
// Schema validator, not by hand-written field checks.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
const OFFICIAL = "https://modelcontextprotocol.io/official-openapi";
const SIGIL = "https://sigil.dev/openapi";
ajv.addSchema({ ...officialOpenApiDocument(), $id: OFFICIAL });
ajv.addSchema({ ...sigilOpenApiDocument(), $id: SIGIL });

type Method = "get" | "put" | "post" | "delete" | "patch";

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

/** Asserts that `body` is valid against the schema at `ref`, printing ajv's errors if not. */
export function expectValid(ref: string, body: unknown): void {
  const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
  const valid = validate(body);
  expect(validate.errors ?? [], `${ref}\n${JSON.stringify(body).slice(0, 500)}`).toEqual([]);
  expect(valid).toBe(true);
}

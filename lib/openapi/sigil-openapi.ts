import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";

const here = path.join(process.cwd(), "lib", "openapi");

type OpenApiDocument = { components: { schemas: Record<string, unknown> } } & Record<string, unknown>;

function readYaml(file: string): OpenApiDocument {
  return YAML.parse(fs.readFileSync(path.join(here, file), "utf8")) as OpenApiDocument;
}

/** The official MCP Registry OpenAPI document (2025-12-01), as copied into the repository. */
export function officialOpenApiDocument(): OpenApiDocument {
  return readYaml("mcp-registry-openapi.yaml");
}

/**
 * Sigil's OpenAPI document: its own paths, with the official registry's component schemas
 * merged in unchanged so the two can never disagree.
 */
export function sigilOpenApiDocument(): OpenApiDocument {
  const sigil = readYaml("sigil-openapi.yaml");
  const official = officialOpenApiDocument();
  return { ...sigil, components: { ...sigil.components, schemas: { ...official.components.schemas, ...sigil.components.schemas } } };
}

let cachedYaml: string | undefined;
export function sigilOpenApiYaml(): string {
  cachedYaml ??= YAML.stringify(sigilOpenApiDocument(), { aliasDuplicateObjects: false });
  return cachedYaml;
}

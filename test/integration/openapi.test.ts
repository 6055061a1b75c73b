import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { officialOpenApiDocument, sigilOpenApiDocument } from "@/lib/openapi/sigil-openapi";
import { callApi } from "../support/call-api";
import { expectValid } from "../support/contract";
import { backends, useFreshDatabase } from "../support/database";
import { createTeam, publish } from "../support/registry-fixtures";

type Operation = { responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }> };
const sigil = sigilOpenApiDocument() as unknown as { paths: Record<string, Record<string, Operation>>; components: { responses: Record<string, Operation["responses"][string]> } };
const official = officialOpenApiDocument() as unknown as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };

/** Where a documented response's schema lives, following a components/responses $ref. */
function responseSchemaRef(pathTemplate: string, status: string): { ref: string; contentType: string } {
  const response = sigil.paths[pathTemplate]!.get!.responses[status]!;
  const base = response.$ref ? response.$ref.replace("#/", "").split("/") : ["paths", pathTemplate, "get", "responses", status];
  const resolved = response.$ref ? sigil.components.responses[base.at(-1)!]! : response;
  const contentType = Object.keys(resolved.content!)[0]!;
  const pointer = [...base, "content", contentType, "schema"].map((s) => s.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");
  return { ref: `https://sigil.dev/openapi#/${pointer}`, contentType };
}

describe("Sigil's OpenAPI document", () => {
  it("is served at /openapi.yaml as YAML", async () => {
    const res = await callApi("/openapi.yaml");
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/yaml/);
    expect(YAML.parse(res.text)).toEqual(sigilOpenApiDocument());
  });

  it("carries every official component schema unchanged", () => {
    for (const [name, schema] of Object.entries(official.components.schemas)) {
      expect((sigil.components as unknown as { schemas: Record<string, unknown> }).schemas[name], name).toEqual(schema);
    }
  });

  it("documents every official read path, under /v0.1 and /v0", () => {
    const reads = Object.entries(official.paths).filter(([, item]) => "get" in item).map(([p]) => p);
    expect(reads.length).toBeGreaterThanOrEqual(3);
    for (const p of reads) {
      expect(sigil.paths[p]?.get, p).toBeDefined();
      expect(sigil.paths[p.replace("/v0.1/", "/v0/")]?.get, p).toBeDefined();
    }
  });

  it("documents every route the app serves", () => {
    const routeFiles: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === "route.ts") routeFiles.push(path.relative("app", path.dirname(full)));
      }
    };
    walk("app");
    const documented = Object.keys(sigil.paths);
    for (const route of routeFiles) {
      // A catch-all segment covers the documented paths beneath it.
      const prefix = `/${route.replace(/\/?\[?\[\.\.\.[^\]]+\]\]?$/, "")}`;
      expect(documented.some((p) => p === prefix || p.startsWith(`${prefix}/`)), route).toBe(true);
    }
  });
});

describe.each(backends)("Sigil's OpenAPI document against the $name backend", (backend) => {
  useFreshDatabase(backend);
  beforeAll(async () => {
    const team = await createTeam("io.github.doc");
    await publish(team, "srv", "1.0.0");
  });

  const samples: Record<string, string> = { "{serverName}": encodeURIComponent("io.github.doc/srv"), "{version}": "1.0.0" };
  const operations = Object.entries(sigil.paths).filter(([, item]) => item.get);

  it.each(operations.map(([p]) => p))("answers GET %s as documented", async (pathTemplate) => {
    const concrete = pathTemplate.replace(/\{[^}]+\}/g, (param) => samples[param]!);
    const res = await callApi(concrete);
    const documented = Object.keys(sigil.paths[pathTemplate]!.get!.responses);
    expect(documented, `${concrete} answered ${res.status}`).toContain(String(res.status));
    const { ref, contentType } = responseSchemaRef(pathTemplate, String(res.status));
    expect(res.contentType.split(";")[0]).toBe(contentType);
    if (res.body !== undefined) expectValid(ref, res.body);
  });
});

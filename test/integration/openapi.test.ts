import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import { TOKEN_SCOPES } from "@/lib/auth/token-scopes";
import { NamespaceProof, ReviewDecision, Role, ScanJobState, Severity, Verdict, VersionState } from "@/lib/db/generated/client";
import { officialOpenApiDocument, sigilOpenApiDocument } from "@/lib/openapi/sigil-openapi";
import { callApi } from "../support/call-api";
import { expectDocumentedAnswer, type Method } from "../support/contract";
import { backends, useFreshDatabase } from "../support/database";
import { createCast, sessionHeaders } from "../support/principals";
import { publish } from "../support/registry-fixtures";

type Operation = { security?: Record<string, string[]>[]; responses: Record<string, unknown> };
const sigil = sigilOpenApiDocument() as unknown as { paths: Record<string, Partial<Record<Method, Operation>>>; components: { securitySchemes: Record<string, unknown> } };
const official = officialOpenApiDocument() as unknown as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
const METHODS: Method[] = ["get", "put", "post", "delete", "patch"];

// next-auth's own endpoints run inside Next.js's request context, which the test harness does
// not provide; the browser test signs in through them.
const isNextAuth = (pathTemplate: string) => pathTemplate.startsWith("/api/auth/");
const operations = Object.entries(sigil.paths)
  .filter(([p]) => !isNextAuth(p))
  .flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => ({ pathTemplate: p, method: m })));

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

  it("names a unique operationId, and who may call it, for every operation", () => {
    const ids = Object.values(sigil.paths).flatMap((item) => METHODS.flatMap((m) => (item[m] ? [(item[m] as { operationId?: string }).operationId] : [])));
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { pathTemplate, method } of operations) {
      const operation = sigil.paths[pathTemplate]![method]! as Operation & { description?: string; tags?: string[] };
      if (!operation.security) continue;
      const where = `${method.toUpperCase()} ${pathTemplate}`;
      if (!pathTemplate.startsWith("/v0/")) expect(operation.description, where).toContain("**Who:**");
      for (const requirement of operation.security) {
        for (const [scheme, scopes] of Object.entries(requirement)) {
          expect(Object.keys(sigil.components.securitySchemes), where).toContain(scheme);
          for (const scope of scopes) expect(TOKEN_SCOPES, where).toContain(scope);
        }
      }
      // Admin operations are never done with an API token.
      if (operation.tags?.includes("admin")) expect(operation.security, where).toEqual([{ sessionCookie: [] }]);
    }
  });

  it("describes the two credentials as the code reads them", () => {
    expect(sigil.components.securitySchemes).toMatchObject({
      apiToken: { type: "http", scheme: "bearer" },
      sessionCookie: { type: "apiKey", in: "cookie", name: sessionCookieName() },
    });
  });

  it("lists the enumerations the code uses", () => {
    const schemas = (sigil.components as unknown as { schemas: Record<string, { enum?: unknown[]; properties?: Record<string, { enum?: unknown[] }> }> }).schemas;
    expect(schemas.TokenScope!.enum).toEqual([...TOKEN_SCOPES]);
    expect(schemas.Role!.enum).toEqual(Object.values(Role));
    expect(schemas.VersionState!.enum).toEqual(Object.values(VersionState));
    expect(schemas.Verdict!.enum).toEqual(Object.values(Verdict));
    expect(schemas.NamespaceProof!.enum).toEqual(Object.values(NamespaceProof));
    expect(schemas.ScanJob!.properties!.state!.enum).toEqual(Object.values(ScanJobState));
    expect(schemas.Finding!.properties!.severity!.enum).toEqual(Object.values(Severity));
    expect(schemas.Review!.properties!.decision!.enum).toEqual(Object.values(ReviewDecision));
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
    // A documented path with its parameters (`{id}`) written as the route's dynamic segments (`[id]`).
    const documented = Object.keys(sigil.paths).map((p) => p.replace(/\{([^}]+)\}/g, "[$1]"));
    for (const route of routeFiles) {
      // A catch-all segment covers the documented paths beneath it.
      const prefix = `/${route.replace(/\/?\[?\[\.\.\.[^\]]+\]\]?$/, "")}`;
      expect(documented.some((p) => p === prefix || p.startsWith(`${prefix}/`)), route).toBe(true);
    }
  });
});

describe.each(backends)("Sigil's OpenAPI document against the $name backend", (backend) => {
  useFreshDatabase(backend);
  const samples: Record<string, string> = { "{serverName}": encodeURIComponent("io.github.doc/srv"), "{version}": "1.0.0", "{id}": "no-such-id" };
  let admin: Awaited<ReturnType<typeof createCast>>["admin"];
  beforeAll(async () => {
    const cast = await createCast("io.github.doc");
    admin = cast.admin;
    const published = await publish({ namespace: cast.namespace, maintainerId: cast.maintainer.id, reviewerId: cast.reviewer.id, adminId: cast.admin.id }, "srv", "1.0.0");
    samples["{id}"] = published.id;
  });
  const concrete = (pathTemplate: string) => pathTemplate.replace(/\{[^}]+\}/g, (param) => samples[param]!);

  // Anonymous calls reach every documented operation: a 405 or the /api fallback's 404 would
  // be an answer the operation does not document.
  it.each(operations.map(({ pathTemplate, method }) => [method.toUpperCase(), pathTemplate, method] as const))("answers %s %s without credentials as documented", async (_, pathTemplate, method) => {
    const res = await callApi(concrete(pathTemplate), method.toUpperCase() as Uppercase<Method>);
    expectDocumentedAnswer(pathTemplate, method, res);
    if (sigil.paths[pathTemplate]![method]!.security?.length) expect(res.status).toBe(401);
  });

  it.each(operations.filter(({ method }) => method === "get").map(({ pathTemplate }) => pathTemplate))("answers GET %s to a signed-in admin as documented", async (pathTemplate) => {
    const res = await callApi(concrete(pathTemplate), "GET", { headers: await sessionHeaders(admin.id) });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expectDocumentedAnswer(pathTemplate, "get", res);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { submitVersion } from "@/lib/versions/submit-version";
import { revokeVersion } from "@/lib/versions/revoke-version";
import { callApi } from "../support/call-api";
import { expectValid, officialComponentRef, officialResponseSchemaRef, sigilComponentRef } from "../support/contract";
import { backends, useFreshDatabase } from "../support/database";
import { createTeam, publish, serverJson, type Team } from "../support/registry-fixtures";

const LIST = "/v0.1/servers";
const VERSIONS = "/v0.1/servers/{serverName}/versions";
const VERSION = "/v0.1/servers/{serverName}/versions/{version}";

type Entry = { server: { name: string; version: string }; _meta: Record<string, { status: string; isLatest: boolean; updatedAt: string }> };
const official = (entry: Entry) => entry._meta["io.modelcontextprotocol.registry/official"]!;
const ids = (body: unknown) => (body as { servers: Entry[] }).servers.map((e) => `${e.server.name}@${e.server.version}`);
const enc = encodeURIComponent;

describe.each(backends)("read API on $name PostgreSQL", (backend) => {
  useFreshDatabase(backend);
  let alpha: Team;
  let beta: Team;
  let weather: string;
  let files: string;
  let time: string;
  let gone: string;

  beforeAll(async () => {
    alpha = await createTeam("io.github.alpha");
    beta = await createTeam("com.beta");
    weather = `${alpha.namespace}/weather`;
    files = `${alpha.namespace}/files`;
    time = `${beta.namespace}/time`;
    gone = `${beta.namespace}/gone`;
    for (const v of ["1.0.0", "1.10.0", "1.2.0"]) await publish(alpha, "weather", v, { title: "Weather Now" });
    await publish(alpha, "files", "0.1.0", { description: "Read FILES in chosen folders" });
    await publish(beta, "time", "1.0.0+build.5");
    const revoked = await publish(beta, "gone", "1.0.0");
    await revokeVersion({ versionId: revoked.id, adminId: beta.adminId, reason: "withdrawn for a test" });
    await submitVersion(serverJson(`${alpha.namespace}/pending`, "1.0.0"), alpha.maintainerId);
  });

  describe("GET /v0.1/servers", () => {
    it("lists every published version, and nothing unpublished or revoked, in the official shape", async () => {
      const res = await callApi(LIST);
      expect(res.status).toBe(200);
      expect(res.contentType).toMatch(/^application\/json/);
      expectValid(officialResponseSchemaRef(LIST, "200"), res.body);
      expect(ids(res.body)).toEqual([`${time}@1.0.0+build.5`, `${files}@0.1.0`, `${weather}@1.0.0`, `${weather}@1.10.0`, `${weather}@1.2.0`]);
      expect((res.body as { metadata: { count: number; nextCursor?: string } }).metadata).toEqual({ count: 5 });
    });

    it("returns each server.json exactly as submitted, key order included", async () => {
      const res = await callApi(`${LIST}?search=time`);
      const entry = (res.body as { servers: Entry[] }).servers[0]!;
      expect(JSON.stringify(entry.server)).toBe(JSON.stringify(serverJson(time, "1.0.0+build.5")));
    });

    it("marks the highest semantic version as latest, not the last published or the lexically greatest", async () => {
      const res = await callApi(LIST);
      const latest = (res.body as { servers: Entry[] }).servers.filter((e) => official(e).isLatest).map((e) => `${e.server.name}@${e.server.version}`);
      expect(latest.sort()).toEqual([`${files}@0.1.0`, `${time}@1.0.0+build.5`, `${weather}@1.10.0`].sort());
      for (const e of (res.body as { servers: Entry[] }).servers) expect(official(e).status).toBe("active");
    });

    it("filters version=latest to one entry per server", async () => {
      const res = await callApi(`${LIST}?version=latest`);
      expectValid(officialResponseSchemaRef(LIST, "200"), res.body);
      expect(ids(res.body)).toEqual([`${time}@1.0.0+build.5`, `${files}@0.1.0`, `${weather}@1.10.0`]);
    });

    it("filters an exact version", async () => {
      expect(ids((await callApi(`${LIST}?version=1.2.0`)).body)).toEqual([`${weather}@1.2.0`]);
      expect(ids((await callApi(`${LIST}?version=${enc("1.0.0+build.5")}`)).body)).toEqual([`${time}@1.0.0+build.5`]);
      expect(ids((await callApi(`${LIST}?version=9.9.9`)).body)).toEqual([]);
    });

    it("searches names and descriptions case-insensitively", async () => {
      expect(ids((await callApi(`${LIST}?search=WEATHER&version=latest`)).body)).toEqual([`${weather}@1.10.0`]);
      expect(ids((await callApi(`${LIST}?search=read%20files`)).body)).toEqual([`${files}@0.1.0`]);
      expect(ids((await callApi(`${LIST}?search=com.BETA`)).body)).toEqual([`${time}@1.0.0+build.5`]);
      // LIKE wildcards and the escape character are searched for literally.
      for (const literal of ["%", "_", "\\", "w%r"]) expect(ids((await callApi(`${LIST}?search=${enc(literal)}`)).body), literal).toEqual([]);
    });

    it("includes revoked versions as deleted only when asked", async () => {
      const res = await callApi(`${LIST}?include_deleted=true`);
      expectValid(officialResponseSchemaRef(LIST, "200"), res.body);
      const entry = (res.body as { servers: Entry[] }).servers.find((e) => e.server.name === gone)!;
      expect(official(entry)).toMatchObject({ status: "deleted", isLatest: false });
      expect(ids((await callApi(`${LIST}?include_deleted=false`)).body)).not.toContain(`${gone}@1.0.0`);
    });

    it("with updated_since, lists only what changed since, deletions and latest-flag changes included", async () => {
      const before = new Date();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const since = new Date().toISOString();
      await publish(alpha, "files", "0.2.0");
      const res = await callApi(`${LIST}?updated_since=${enc(since)}`);
      expectValid(officialResponseSchemaRef(LIST, "200"), res.body);
      // 0.1.0 is listed again because it stopped being the latest version.
      expect(ids(res.body)).toEqual([`${files}@0.1.0`, `${files}@0.2.0`]);
      for (const e of (res.body as { servers: Entry[] }).servers) expect(new Date(official(e).updatedAt) > before).toBe(true);
      const offset = new Date(Date.parse(since) + 3_600_000).toISOString().replace("Z", "+01:00").replace(/\.\d+/, "");
      expect((await callApi(`${LIST}?updated_since=${enc(offset)}`)).status).toBe(200);
      expect(ids((await callApi(`${LIST}?updated_since=${enc(since.toLowerCase())}`)).body)).toEqual([`${files}@0.1.0`, `${files}@0.2.0`]);
      expect(ids((await callApi(`${LIST}?updated_since=2000-01-01T00:00:00Z`)).body)).toContain(`${gone}@1.0.0`);
    });

    it.each([
      ["limit=0", "limit"],
      ["limit=101", "limit"],
      ["limit=ten", "limit"],
      ["limit=-5", "limit"],
      ["limit=2.5", "limit"],
      ["updated_since=yesterday", "updated_since"],
      ["updated_since=2025-13-01T00:00:00Z", "updated_since"],
      ["updated_since=2025-08-07", "updated_since"],
      ["include_deleted=maybe", "include_deleted"],
      ["cursor=not-a-cursor", "cursor"],
      ["version=", "version"],
      ["search=a%00b", "search"],
      ["version=1.0.0%0A", "version"],
    ])("answers ?%s with a 400 problem naming %s", async (query, field) => {
      const res = await callApi(`${LIST}?${query}`);
      expect(res.status).toBe(400);
      expect(res.contentType).toBe("application/problem+json");
      expectValid(sigilComponentRef("Problem"), res.body);
      expect(res.body).toMatchObject({ status: 400, title: "Bad Request" });
      expect((res.body as { errors: { location: string }[] }).errors.map((e) => e.location)).toContain(field);
    });

    it("accepts limit at both bounds", async () => {
      expect((await callApi(`${LIST}?limit=1`)).status).toBe(200);
      expect((await callApi(`${LIST}?limit=100`)).status).toBe(200);
    });
  });

  describe("GET /v0.1/servers/{serverName}/versions", () => {
    it("lists a server's versions, newest publication first", async () => {
      const res = await callApi(`/v0.1/servers/${enc(weather)}/versions`);
      expect(res.status).toBe(200);
      expectValid(officialResponseSchemaRef(VERSIONS, "200"), res.body);
      expect(ids(res.body)).toEqual([`${weather}@1.2.0`, `${weather}@1.10.0`, `${weather}@1.0.0`]);
    });

    it("accepts an unencoded slash in the name", async () => {
      expect(ids((await callApi(`/v0.1/servers/${weather}/versions`)).body)).toHaveLength(3);
    });

    it("answers 404 for unknown, unpublished and wholly revoked servers, and shows revoked ones on request", async () => {
      for (const name of ["io.github.nobody/nothing", `${alpha.namespace}/pending`, gone]) {
        const res = await callApi(`/v0.1/servers/${enc(name)}/versions`);
        expect(res.status, name).toBe(404);
        expect(res.contentType).toBe("application/problem+json");
        expectValid(officialResponseSchemaRef(VERSIONS, "404"), res.body);
        expectValid(sigilComponentRef("Problem"), res.body);
      }
      const deleted = await callApi(`/v0.1/servers/${enc(gone)}/versions?include_deleted=true`);
      expect(deleted.status).toBe(200);
      expect(ids(deleted.body)).toEqual([`${gone}@1.0.0`]);
    });
  });

  describe("GET /v0.1/servers/{serverName}/versions/{version}", () => {
    it("returns one version in the official shape", async () => {
      const res = await callApi(`/v0.1/servers/${enc(weather)}/versions/1.2.0`);
      expect(res.status).toBe(200);
      expectValid(officialResponseSchemaRef(VERSION, "200"), res.body);
      expectValid(officialComponentRef("ServerResponse"), res.body);
      expect((res.body as Entry).server.version).toBe("1.2.0");
      expect(official(res.body as Entry).isLatest).toBe(false);
    });

    it("resolves latest", async () => {
      const res = await callApi(`/v0.1/servers/${enc(weather)}/versions/latest`);
      expect((res.body as Entry).server.version).toBe("1.10.0");
      expect(official(res.body as Entry).isLatest).toBe(true);
    });

    it("finds versions with URL-encoded build metadata", async () => {
      const res = await callApi(`/v0.1/servers/${enc(time)}/versions/${enc("1.0.0+build.5")}`);
      expect(res.status).toBe(200);
      expect((res.body as Entry).server.version).toBe("1.0.0+build.5");
    });

    it("answers 404 for unknown and revoked versions unless deleted ones are asked for", async () => {
      for (const path of [`/v0.1/servers/${enc(weather)}/versions/9.9.9`, `/v0.1/servers/${enc(gone)}/versions/1.0.0`, `/v0.1/servers/${enc(gone)}/versions/latest`]) {
        const res = await callApi(path);
        expect(res.status, path).toBe(404);
        expectValid(officialResponseSchemaRef(VERSION, "404"), res.body);
      }
      const deleted = await callApi(`/v0.1/servers/${enc(gone)}/versions/1.0.0?include_deleted=true`);
      expect(official(deleted.body as Entry).status).toBe("deleted");
    });
  });

  describe("/v0 alias and other methods", () => {
    it.each([LIST, `${LIST}?version=latest&limit=2`, `/v0.1/servers/${enc("io.github.alpha/weather")}/versions`, `/v0.1/servers/${enc("io.github.alpha/weather")}/versions/latest`, "/v0.1/servers/x.y%2Fz/versions"])(
      "answers %s identically under /v0",
      async (path) => {
        const v01 = await callApi(path);
        const v0 = await callApi(path.replace("/v0.1/", "/v0/"));
        expect(v0.status).toBe(v01.status);
        expect(v0.text).toBe(v01.text);
      },
    );

    it("refuses other methods with a 405 problem naming GET, on every route", async () => {
      for (const path of [LIST, "/api/v1/health", "/openapi.yaml"]) {
        for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
          const res = await callApi(path, method);
          expect(res.status, `${method} ${path}`).toBe(405);
          expectValid(sigilComponentRef("Problem"), res.body);
        }
      }
    });

    it("answers unknown API paths with a 404 problem", async () => {
      for (const path of ["/api", "/api/v1/nope", "/api/v2/servers"]) {
        const res = await callApi(path);
        expect(res.status, path).toBe(404);
        expectValid(sigilComponentRef("Problem"), res.body);
      }
    });
  });
});

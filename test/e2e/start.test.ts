import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { submitVersion } from "@/lib/versions/submit-version";
import { databaseUrl } from "../support/backends";
import { expectValid, officialResponseSchemaRef, sigilComponentRef } from "../support/contract";
import { fixturePackage, startFakeRegistry } from "../support/fake-npm-registry";
import { backends } from "../support/database";
import { createTeam, publish } from "../support/registry-fixtures";
import { startRegistry } from "../support/registry-process";
import { runSql } from "../support/run-sql";

type List = { servers: { server: { name: string; version: string } }[] };

async function getJson(url: string) {
  const res = await fetch(url);
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", body: await res.json() };
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

describe("npm run demo, then npm start, on the embedded database", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-e2e-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("serves the demo registry over HTTP, stops cleanly, and keeps its data for the next start", async () => {
    const demo = await startRegistry({ SIGIL_DATA_DIR: dataDir }, ["--demo"]);
    let embeddedPort: number;
    try {
      expect(demo.output()).toMatch(/database: embedded PostgreSQL \d+/);
      expect(demo.output()).toMatch(/demo data loaded: \d+ namespaces, \d+ versions published/);
      embeddedPort = Number(/127\.0\.0\.1:(\d+)\)/.exec(demo.output())?.[1]);

      const list = await getJson(`${demo.baseUrl}/v0.1/servers`);
      expect(list.status).toBe(200);
      expectValid(officialResponseSchemaRef("/v0.1/servers", "200"), list.body);
      const latest = await getJson(`${demo.baseUrl}/v0.1/servers?version=latest`);
      expect((latest.body as List).servers.length).toBeGreaterThanOrEqual(5);
      const versions = await getJson(`${demo.baseUrl}/v0.1/servers/${encodeURIComponent("io.github.sigil-demo/filesystem")}/versions`);
      expectValid(officialResponseSchemaRef("/v0.1/servers/{serverName}/versions", "200"), versions.body);
      expect((versions.body as List).servers.length).toBeGreaterThan(1);

      for (const [method, path, status] of [["POST", "/api/v1/health", 405], ["DELETE", "/openapi.yaml", 405], ["PUT", "/v0.1/servers", 405]] as const) {
        const res = await fetch(`${demo.baseUrl}${path}`, { method });
        expect(res.status, `${method} ${path}`).toBe(status);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        expect(res.headers.get("allow")).toBe("GET");
      }
      for (const missing of ["/v0.1/servers/x.y%2Fz/versions", "/v0.1", "/v0/servers/a/b/c/d/e", "/api/v1/nope"]) {
        const res = await getJson(`${demo.baseUrl}${missing}`);
        expect(res.status, missing).toBe(404);
        expect(res.contentType).toBe("application/problem+json");
        expectValid(sigilComponentRef("Problem"), res.body);
      }
      const yaml = await fetch(`${demo.baseUrl}/openapi.yaml`);
      expect(yaml.headers.get("content-type")).toMatch(/^application\/yaml/);
      expect(await yaml.text()).toContain("/v0.1/servers/{serverName}/versions/{version}:");

      const home = await (await fetch(`${demo.baseUrl}/?q=weather`)).text();
      expect(home).toContain("Weather");
      expect(home).toContain(demo.baseUrl);
      expect(home).not.toContain("GitHub Issues");

      // The demo's versions were scanned, approved and signed: a client verifies them offline.
      const configHome = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-e2e-client-"));
      const verify = (spec: string) => spawnSync(process.execPath, ["bin/sigil.js", "verify", spec, "--registry", demo.baseUrl], { env: { ...process.env, XDG_CONFIG_HOME: configHome }, encoding: "utf8", timeout: 60_000 });
      const verified = verify("io.github.sigil-demo/weather@1.0.0");
      expect([verified.status, verified.stdout]).toEqual([0, expect.stringContaining("✔ io.github.sigil-demo/weather@1.0.0 verified")]);
      const revoked = verify("com.example.tools/postgres-query@0.4.0");
      expect([revoked.status, revoked.stdout]).toEqual([1, expect.stringContaining("REVOKED")]);
      expect(verify("io.github.sigil-demo/weather@1.1.0").status).toBe(1);
      fs.rmSync(configHome, { recursive: true, force: true });
    } finally {
      expect(await demo.stop()).toBe(0);
    }
    expect(await portOpen(embeddedPort!)).toBe(false);

    const again = await startRegistry({ SIGIL_DATA_DIR: dataDir });
    try {
      expect(again.output()).toContain("database schema is up to date");
      const list = await getJson(`${again.baseUrl}/v0.1/servers?version=latest`);
      expect((list.body as List).servers.length).toBeGreaterThanOrEqual(5);
    } finally {
      await again.stop();
    }
  }, 300_000);

  it("refuses to start a second registry on the same data directory, saying why", async () => {
    const first = await startRegistry({ SIGIL_DATA_DIR: dataDir });
    try {
      await expect(startRegistry({ SIGIL_DATA_DIR: dataDir })).rejects.toThrow(/Another process is already using the embedded database/);
      expect((await fetch(`${first.baseUrl}/api/v1/health`)).status).toBe(200);
    } finally {
      await first.stop();
    }
  }, 300_000);
});

describe("start-up failures", () => {
  const unreachable = { DATABASE_URL: "postgresql://sigil:secret@127.0.0.1:9/sigil" };
  const unreachableMessage = /Could not connect to PostgreSQL at postgresql:\/\/sigil@127\.0\.0\.1:9\/sigil/;
  it.each([
    ["start", "an unreachable database", unreachable, unreachableMessage],
    ["start", "a database URL of another kind", { DATABASE_URL: "mysql://localhost/sigil" }, /DATABASE_URL: must be a postgresql:\/\/ URL/],
    ["start", "a port that is not a number", { PORT: "http" }, /PORT: must be a whole number from 1 to 65535/],
    ["start", "a worker count that is not a number", { SIGIL_WORKER_CONCURRENCY: "lots" }, /SIGIL_WORKER_CONCURRENCY: must be a whole number from 0 to 64/],
    ["start", "keyless signing without its settings", { SIGIL_SIGNING_MODE: "keyless" }, /SIGIL_OIDC_TOKEN_FILE: must be set in keyless mode/],
    ["start", "a timestamp authority without its chain", { SIGIL_TSA_URL: "http://127.0.0.1:9/" }, /SIGIL_TSA_CERT_CHAIN_FILE: must be set with SIGIL_TSA_URL/],
    ["worker", "no DATABASE_URL", {}, /DATABASE_URL is not set: standalone workers join the registry's PostgreSQL/],
    ["worker", "no scans to run", { ...unreachable, SIGIL_WORKER_CONCURRENCY: "0" }, /a standalone worker needs at least 1/],
    ["worker", "an unreachable database", unreachable, unreachableMessage],
  ])("npm %s with %s exits 1 with one clear message, no stack trace and no password", (program, _label, env, message) => {
    const result = spawnSync(process.execPath, ["--import", "tsx", `bin/${program}.ts`], {
      env: { ...process.env, DATABASE_URL: undefined, SIGIL_DATA_DIR: os.tmpdir(), ...env },
      encoding: "utf8",
      timeout: 60_000,
    });
    const output = result.stdout + result.stderr;
    expect(result.status).toBe(1);
    expect(output).toMatch(message);
    expect(output).toContain(program === "start" ? "Sigil could not start" : "Sigil worker could not start");
    expect(output).not.toMatch(/\n\s+at /);
    expect(output).not.toContain("secret");
  });
});

describe("several web processes on one PostgreSQL at DATABASE_URL", () => {
  const backend = backends.find((b) => b.name === "postgresql") ?? backends[0]!;
  const name = `sigil_e2e_${Date.now()}`;
  const url = databaseUrl(backend.adminUrl, name);

  beforeAll(async () => {
    await runSql(backend.adminUrl, `CREATE DATABASE "${name}"`);
  });
  afterAll(async () => {
    await disconnectDb();
    await runSql(backend.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it("migrates the empty database, and every process serves what any writer publishes", async () => {
    // Web-only processes, as in production beside `npm run worker`: the test records scans itself.
    // Behind one load balancer, as in production: the links they write point there.
    const behind = { DATABASE_URL: url, SIGIL_WORKER_CONCURRENCY: "0", SIGIL_PUBLIC_URL: "https://sigil.example.test" };
    const first = await startRegistry(behind);
    const second = await startRegistry(behind);
    try {
      expect(first.output()).toMatch(/applied migrations: \d+_init/);
      expect(first.output()).toContain(`database: PostgreSQL at postgresql://`);
      expect(first.output()).not.toMatch(/embedded/);
      expect(second.output()).toContain("database schema is up to date");

      process.env.DATABASE_URL = url;
      const team = await createTeam("io.github.e2e");
      await publish(team, "shared", "1.0.0");
      for (const registry of [first, second]) {
        const res = await getJson(`${registry.baseUrl}/v0.1/servers/${encodeURIComponent("io.github.e2e/shared")}/versions/latest`);
        expect(res.status).toBe(200);
        expectValid(officialResponseSchemaRef("/v0.1/servers/{serverName}/versions/{version}", "200"), res.body);
      }
      await publish(team, "shared", "1.1.0");
      const [a, b] = await Promise.all([first, second].map((r) => getJson(`${r.baseUrl}/v0.1/servers?version=latest`)));
      expect(a?.body).toEqual(b?.body);
      expect((a?.body as List).servers.map((s) => s.server.version)).toEqual(["1.1.0"]);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  }, 300_000);

  it("refuses a process of this registry without its signing key, or with another key, and leaves the registry's key in place", async () => {
    const worker = (env: Record<string, string | undefined>) =>
      spawnSync(process.execPath, ["--import", "tsx", "bin/worker.ts"], { env: { ...process.env, DATABASE_URL: url, SIGIL_DATA_DIR: os.tmpdir(), ...env }, encoding: "utf8", timeout: 60_000 });
    const missing = worker({ SIGIL_SIGNING_KEY_PEM: undefined });
    expect([missing.status, missing.stdout + missing.stderr]).toEqual([1, expect.stringMatching(/No signing key: set SIGIL_SIGNING_KEY_PEM or SIGIL_SIGNING_KEY_FILE/)]);
    const other = worker({ SIGIL_SIGNING_KEY_PEM: crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString() });
    expect([other.status, other.stdout + other.stderr]).toEqual([1, expect.stringMatching(/The registry signs with the key SHA256:\S+, but this process is configured with SHA256:\S+\. .*SIGIL_SIGNING_ROTATE=true/)]);
    process.env.DATABASE_URL = url;
    expect(await db().signingKey.count({ where: { validTo: null } })).toBe(1);
  }, 120_000);

  it("scans submissions in the background with the worker `npm start` runs", async () => {
    const honest = path.resolve("test/fixtures/packages/honest-weather");
    const pkg = await fixturePackage(honest);
    const npm = await startFakeRegistry([pkg]);
    const registry = await startRegistry({ DATABASE_URL: url, SIGIL_WORKER_CONCURRENCY: "1", SIGIL_NPM_REGISTRY: npm.url, SIGIL_AUDIT_REGISTRY: npm.url });
    try {
      process.env.DATABASE_URL = url;
      const team = await createTeam("io.github.example");
      const version = await submitVersion(JSON.parse(fs.readFileSync(path.join(honest, "server.json"), "utf8")), team.maintainerId);
      const scanned = await vi.waitFor(
        async () => {
          const row = await db().serverVersion.findUniqueOrThrow({ where: { id: version.id } });
          if (row.state !== "SCANNED") throw new Error(`still ${row.state}`);
          return row;
        },
        { timeout: 60_000, interval: 250 },
      );
      expect(scanned.integrity).toBe(pkg.integrity);
      expect(await db().scanReport.count({ where: { versionId: version.id, scannerVersion: { startsWith: "sigil-scanner@" } } })).toBe(1);
    } finally {
      await registry.stop();
      await npm.close();
    }
  }, 300_000);
});

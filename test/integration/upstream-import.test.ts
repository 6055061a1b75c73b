import type http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { db } from "@/lib/db/client";
import { NamespaceProof, ScanJobState, VersionState } from "@/lib/db/generated/client";
import { SigilError } from "@/lib/errors";
import { CLOCK_MARGIN_MS, type ImportLimits, importFromUpstream } from "@/lib/import/import-upstream";
import { findFreePort } from "@/lib/net/free-port";
import { completeQueuedScan } from "@/lib/scans/complete-queued-scan";
import { reviewVersion } from "@/lib/versions/review-version";
import { namespaceOf } from "@/lib/versions/submit-version";
import { callApi } from "../support/call-api";
import { backends, useFreshDatabase } from "../support/database";
import { referenceExamples, startFakeUpstreamRegistry, type UpstreamVersion } from "../support/fake-upstream-registry";
import { createTeam, publish, type Team } from "../support/registry-fixtures";

type FakeUpstream = Awaited<ReturnType<typeof startFakeUpstreamRegistry>>;
type Doc = Record<string, unknown> & { name: string; version: string; packages?: Record<string, unknown>[] };

// Upstream entries last changed long before any test run.
const LONG_AGO = new Date("2025-10-01T12:00:00Z");
const passingScan = { scannerVersion: "test", verdict: "PASS" as const, summary: {}, report: { verdict: "PASS" }, findings: [] };
const examples = referenceExamples().map(({ file, document }) => ({ file, document: document as Doc }));
const example = (file: string) => structuredClone(examples.find((e) => e.file === file)!.document);

const findVersion = (serverName: string, version: string) =>
  db().serverVersion.findFirstOrThrow({ where: { serverName, version }, include: { scanJobs: true } });
const lastSuccessfulRun = (upstreamUrl: string) =>
  db().upstreamImport.findFirstOrThrow({ where: { upstreamUrl, finishedAt: { not: null }, error: null }, orderBy: { startedAt: "desc" } });
const lastRun = (upstreamUrl: string) => db().upstreamImport.findFirstOrThrow({ where: { upstreamUrl }, orderBy: { startedAt: "desc" } });
const publishedList = async () => (await callApi("/v0.1/servers?limit=100")).body as { servers: { server: { name: string } }[] };

/** Runs an import and returns it with the requests the upstream received meanwhile. */
async function importRun(upstream: FakeUpstream, adminId: string, options: { updatedSince?: string; limits?: Partial<ImportLimits> } = {}) {
  const start = upstream.requests.length;
  const run = await importFromUpstream({ upstreamUrl: upstream.url, adminId, updatedSince: options.updatedSince }, options.limits);
  return { run, requests: upstream.requests.slice(start) };
}

describe.each(backends)("importing from an upstream registry on $name PostgreSQL", (backend) => {
  useFreshDatabase(backend);
  let team: Team;
  let upstream: FakeUpstream;
  const others: FakeUpstream[] = [];
  const startOther = async (versions: UpstreamVersion[]) => {
    const other = await startFakeUpstreamRegistry(versions);
    others.push(other);
    return other;
  };

  beforeAll(async () => {
    team = await createTeam("io.github.importers");
    await publish(team, "already-here", "1.0.0");
    upstream = await startFakeUpstreamRegistry(examples.map(({ document }, i) => ({ server: document, updatedAt: new Date(LONG_AGO.getTime() + i * 60_000) })));
  });
  afterAll(async () => {
    await Promise.all([upstream, ...others].map((u) => u?.close()));
  });

  it("imports every reference example as a submission awaiting its scan, and publishes nothing", async () => {
    const listedBefore = await publishedList();
    const { run, requests } = await importRun(upstream, team.adminId, { limits: { pageSize: 3 } });
    expect(run).toMatchObject({ upstreamUrl: upstream.url, startedById: team.adminId, updatedSince: null, cursor: null, nextCursor: null, error: null });
    expect(run).toMatchObject({ imported: examples.length, skipped: 0, invalid: 0 });
    expect(run.details).toMatchObject({ pages: 3, entries: 8, invalidDocuments: [] });
    expect(run.finishedAt!.getTime()).toBeGreaterThan(run.startedAt.getTime());
    // Three pages of three, each asked for with the cursor the page before answered.
    expect(requests.map((r) => [r.path, r.query])).toEqual([
      ["/v0.1/servers", { limit: "3" }],
      ["/v0.1/servers", { limit: "3", cursor: requests[0]!.nextCursor }],
      ["/v0.1/servers", { limit: "3", cursor: requests[1]!.nextCursor }],
    ]);
    expect(requests[2]!.nextCursor).toBeUndefined();

    for (const { file, document } of examples) {
      const version = await findVersion(document.name, document.version);
      expect(version.state, file).toBe(VersionState.SUBMITTED);
      expect(version.submittedById, file).toBe(team.adminId);
      // Stored exactly as the upstream served it, key order included.
      expect(JSON.stringify(version.serverJson), file).toBe(JSON.stringify(document));
      expect(version.packageIdentifier, file).toBe(document.packages?.find((p) => p.registryType === "npm")?.identifier ?? null);
      expect(version.scanJobs.map((j) => j.state), file).toEqual([ScanJobState.QUEUED]);
      const submitted = await db().auditEvent.findFirstOrThrow({ where: { subjectId: version.id, action: "version.submitted" } });
      expect(submitted.actorId, file).toBe(team.adminId);
      expect(submitted.data, file).toMatchObject({ importedFrom: { importId: run.id, upstreamUrl: upstream.url }, scanJobId: version.scanJobs[0]!.id });
    }

    // Namespaces created without owners: importing grants nobody anything.
    const names = [...new Set(examples.map(({ document }) => namespaceOf(document.name)))];
    const namespaces = await db().namespace.findMany({ where: { name: { in: names } }, include: { owners: true } });
    expect(namespaces.map((n) => n.name).sort()).toEqual(names.sort());
    for (const namespace of namespaces) {
      expect(namespace).toMatchObject({ proof: NamespaceProof.UPSTREAM_IMPORT, proofDetail: { upstream: upstream.url, importId: run.id }, owners: [] });
    }
    expect(await db().auditEvent.count({ where: { action: "namespace.created" } })).toBe(names.length);

    const runEvents = await db().auditEvent.findMany({ where: { subjectType: "upstream_import", subjectId: run.id }, orderBy: { seq: "asc" } });
    expect(runEvents.map((e) => [e.action, e.actorId])).toEqual([
      ["import.started", team.adminId],
      ["import.finished", team.adminId],
    ]);
    expect(runEvents[0]!.data).toEqual({ upstreamUrl: upstream.url, updatedSince: null, cursor: null });
    expect(runEvents[1]!.data).toMatchObject({ status: "succeeded", imported: 8, skipped: 0, invalid: 0, pages: 3, nextCursor: null });
    expect(await db().upstreamImport.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ imported: 8, skipped: 0, invalid: 0, error: null, details: { pages: 3 } });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });

    // The read API lists published versions only: nothing new.
    expect(await publishedList()).toEqual(listedBefore);
    expect(listedBefore.servers.map((s) => s.server.name)).toEqual([`${team.namespace}/already-here`]);
    expect((await callApi("/v0.1/servers?updated_since=2000-01-01T00:00:00Z&limit=100")).body).toMatchObject({ metadata: { count: 1 } });
    expect((await callApi(`/v0.1/servers/${encodeURIComponent("io.modelcontextprotocol.anonymous/brave-search")}/versions`)).status).toBe(404);
  });

  it("leaves review to others: the importing admin cannot approve, and only npm packages can be scanned", async () => {
    const brave = await findVersion("io.modelcontextprotocol.anonymous/brave-search", "1.0.2");
    await completeQueuedScan(brave.id, passingScan, "test-scanner");
    await expect(reviewVersion({ versionId: brave.id, reviewerId: team.adminId, decision: "APPROVE", reason: "I imported it" })).rejects.toMatchObject({ status: 403 });
    await reviewVersion({ versionId: brave.id, reviewerId: team.reviewerId, decision: "APPROVE", reason: "clean scan" });
    expect((await findVersion(brave.serverName, brave.version)).state).toBe(VersionState.APPROVED);

    // A PyPI server arrives as a submission, but its scan job ends at once: there is no npm package to scan.
    const weather = await findVersion("io.github.example/weather-mcp", "0.5.0");
    expect(weather.packageRegistry).toBeNull();
    await expect(completeQueuedScan(weather.id, passingScan, "test-scanner")).rejects.toMatchObject({ status: 409 });
    const after = await findVersion(weather.serverName, weather.version);
    expect(after.state).toBe(VersionState.SUBMITTED);
    expect(after.scanJobs).toMatchObject([{ state: ScanJobState.DEAD, error: "This version has no npm package; Sigil scans npm packages." }]);
  });

  it("imports nothing on a second run without upstream changes, asking only for what changed since the first", async () => {
    const first = await lastSuccessfulRun(upstream.url);
    const versions = await db().serverVersion.count();
    const start = upstream.requests.length;
    // Without upstreamUrl, SIGIL_UPSTREAM_REGISTRY names the upstream (normalised like any other).
    process.env.SIGIL_UPSTREAM_REGISTRY = `${upstream.url}/`;
    const run = await importFromUpstream({ adminId: team.adminId }).finally(() => delete process.env.SIGIL_UPSTREAM_REGISTRY);
    const since = new Date(first.startedAt.getTime() - CLOCK_MARGIN_MS);
    expect(run).toMatchObject({ upstreamUrl: upstream.url, updatedSince: since, imported: 0, skipped: 0, invalid: 0, error: null });
    expect(upstream.requests.slice(start).map((r) => r.query)).toEqual([{ limit: "100", updated_since: since.toISOString() }]);
    expect(await db().serverVersion.count()).toBe(versions);
  });

  it("skips and counts versions already present, whatever their state, when told to read again", async () => {
    const { run, requests } = await importRun(upstream, team.adminId, { updatedSince: "2000-01-01T00:00:00Z" });
    expect(requests.map((r) => r.query)).toEqual([{ limit: "100", updated_since: "2000-01-01T00:00:00.000Z" }]);
    // One approved, one whose scan could not run, the rest submitted: all skipped.
    expect(run).toMatchObject({ imported: 0, skipped: 8, invalid: 0, error: null });
    expect(run.details).toMatchObject({ skippedExisting: 8, skippedDeleted: 0 });
  });

  it("brings a new or changed upstream version on the next run, through updated_since", async () => {
    const previous = await lastSuccessfulRun(upstream.url);
    const now = new Date();
    const newer = example("npm-stdio.json");
    newer.version = "1.0.3";
    newer.packages![0]!.version = "1.0.3";
    upstream.versions.push({ server: newer, updatedAt: now });
    const changed = upstream.versions.find((v) => (v.server as Doc).name === "io.github.modelcontextprotocol/filesystem")!;
    Object.assign(changed, { status: "deprecated", updatedAt: now });

    const { run, requests } = await importRun(upstream, team.adminId);
    expect(requests.map((r) => r.query)).toEqual([{ limit: "100", updated_since: previous.nextUpdatedSince.toISOString() }]);
    expect(run).toMatchObject({ updatedSince: previous.nextUpdatedSince, imported: 1, skipped: 1, invalid: 0, error: null });
    const arrived = await findVersion(newer.name, "1.0.3");
    expect(arrived).toMatchObject({ state: VersionState.SUBMITTED, submittedById: team.adminId, packageVersion: "1.0.3" });
    expect(arrived.scanJobs.map((j) => j.state)).toEqual([ScanJobState.QUEUED]);
  });

  it("counts and reports invalid documents and deleted entries, and imports the rest", async () => {
    const now = new Date();
    const range = example("npm-stdio.json");
    Object.assign(range, { name: "io.github.bad/range" });
    range.packages![0]!.version = "^1.0.0";
    const valid = { ...example("remote-streamable-http.json"), version: "2.1.0" };
    upstream.versions.push(
      { server: range, updatedAt: now },
      { server: { name: "io.github.bad/forged", description: "Claims to be reviewed", version: "1.0.0", _meta: { "io.modelcontextprotocol.registry/official": { status: "active" } } }, updatedAt: now },
      { server: { name: "localhost/tool", description: "No reverse-DNS namespace", version: "1.0.0" }, updatedAt: now },
      { server: "not an object", updatedAt: now },
      { server: valid, updatedAt: now },
      { server: { ...example("pypi-uvx.json"), name: "io.github.gone/weather" }, updatedAt: now, status: "deleted" },
    );

    const { run } = await importRun(upstream, team.adminId);
    // The two versions of the previous test come again (changed within the clock margin) and are skipped.
    expect(run).toMatchObject({ imported: 1, invalid: 4, skipped: 3, error: null });
    expect(run.details).toMatchObject({ skippedExisting: 2, skippedDeleted: 1, invalidDocumentsOmitted: 0 });
    expect(run.details.invalidDocuments).toHaveLength(4);
    expect(run.details.invalidDocuments).toEqual(
      expect.arrayContaining([
        { errors: [{ location: "(root)", message: "must be a JSON object" }] },
        { name: "io.github.bad/range", version: "1.0.2", errors: [expect.objectContaining({ location: "packages[0].version" })] },
        { name: "io.github.bad/forged", version: "1.0.0", errors: [{ location: '_meta["io.modelcontextprotocol.registry/official"]', message: "is reserved for the registry and cannot be submitted" }] },
        { name: "localhost/tool", version: "1.0.0", errors: [{ location: "name", message: expect.stringContaining("reverse-DNS namespace") }] },
      ]),
    );
    expect((await db().upstreamImport.findUniqueOrThrow({ where: { id: run.id } })).details).toEqual(JSON.parse(JSON.stringify(run.details)));
    expect(await findVersion(valid.name, "2.1.0")).toMatchObject({ state: VersionState.SUBMITTED });
    expect(await db().serverVersion.count({ where: { serverName: { in: ["io.github.bad/range", "io.github.bad/forged", "localhost/tool", "io.github.gone/weather"] } } })).toBe(0);
    expect(await db().namespace.count({ where: { name: { in: ["io.github.bad", "localhost", "io.github.gone"] } } })).toBe(0);
  });

  it("stops a run at its caps, and continues at its cursor on the next run", async () => {
    const many = await startOther(
      ["1.0.0", "1.0.1", "1.0.2", "1.0.3", "1.0.4"].map((version) => ({ server: { ...example("remote-sse-url-template.json"), name: "io.github.many/events", version }, updatedAt: LONG_AGO })),
    );
    const a = await importRun(many, team.adminId, { limits: { pageSize: 2, maxServers: 3 } });
    expect(a.requests.map((r) => r.query)).toEqual([{ limit: "2" }, { limit: "1", cursor: a.requests[0]!.nextCursor }]);
    expect(a.run).toMatchObject({ imported: 3, nextCursor: a.requests[1]!.nextCursor, updatedSince: null, error: null });

    const b = await importRun(many, team.adminId, { limits: { pageSize: 2, maxPages: 1 } });
    expect(b.requests.map((r) => r.query)).toEqual([{ limit: "2", cursor: a.run.nextCursor }]);
    expect(b.run).toMatchObject({ imported: 2, cursor: a.run.nextCursor, nextCursor: null, updatedSince: null, nextUpdatedSince: a.run.nextUpdatedSince });

    // Caught up: the next sync asks from before the first run of this one started.
    expect(a.run.nextUpdatedSince).toEqual(new Date(a.run.startedAt.getTime() - CLOCK_MARGIN_MS));
    const c = await importRun(many, team.adminId);
    expect(c.requests.map((r) => r.query)).toEqual([{ limit: "100", updated_since: a.run.nextUpdatedSince.toISOString() }]);
    expect(c.run).toMatchObject({ imported: 0, skipped: 0, nextCursor: null });
    expect(await db().serverVersion.count({ where: { serverName: "io.github.many/events", state: VersionState.SUBMITTED } })).toBe(5);
  });

  it("refuses anyone but an admin, and then writes and fetches nothing", async () => {
    const counts = async () => ({
      imports: await db().upstreamImport.count(),
      events: await db().auditEvent.count(),
      versions: await db().serverVersion.count(),
      namespaces: await db().namespace.count(),
    });
    const before = await counts();
    const requests = upstream.requests.length;
    for (const adminId of [team.maintainerId, team.reviewerId]) {
      await expect(importFromUpstream({ upstreamUrl: upstream.url, adminId })).rejects.toMatchObject({ status: 403, detail: "Only admins can import from an upstream registry." });
    }
    await expect(importFromUpstream({ upstreamUrl: upstream.url, adminId: "no-such-user" })).rejects.toMatchObject({ status: 404 });
    for (const upstreamUrl of ["ftp://registry.example", "https://user:secret@registry.example", "https://registry.example/?x=1", "registry.example"]) {
      await expect(importFromUpstream({ upstreamUrl, adminId: team.adminId }), upstreamUrl).rejects.toMatchObject({ status: 400, errors: [expect.objectContaining({ location: "upstreamUrl" })] });
    }
    expect(await counts()).toEqual(before);
    expect(upstream.requests.length).toBe(requests);
  });

  it("says clearly when the upstream is unreachable or not a registry, and records the run as failed", async () => {
    const answer = (status: number, contentType: string, body: string) => (_req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(status, { "content-type": contentType });
      res.end(body);
      return true;
    };
    const unreachable = `http://127.0.0.1:${await findFreePort()}`;
    const cases: { what: string; url: string; override?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean; limits?: Partial<ImportLimits>; status: number; detail: RegExp }[] = [
      { what: "nothing listening", url: unreachable, status: 502, detail: /^The upstream registry at http:\/\/127\.0\.0\.1:\d+ could not be reached: connect ECONNREFUSED/ },
      { what: "a web page", url: upstream.url, override: answer(200, "text/html", "<!doctype html><p>Welcome</p>"), status: 502, detail: /answered GET \/v0\.1\/servers with something that is not JSON/ },
      { what: "other JSON", url: upstream.url, override: answer(200, "application/json", '{"hello":"world"}'), status: 502, detail: /JSON that is not the MCP registry API's server list: servers: must be an array of server entries/ },
      { what: "an HTTP error", url: upstream.url, override: answer(404, "text/plain", "not found"), status: 502, detail: /answered HTTP 404 to GET \/v0\.1\/servers/ },
      { what: "too much", url: upstream.url, override: answer(200, "application/json", JSON.stringify({ servers: [], padding: "x".repeat(5000) })), limits: { maxResponseBytes: 1000 }, status: 502, detail: /answered more than 1000 bytes for one page/ },
      { what: "no answer in time", url: upstream.url, override: () => true, limits: { timeoutMs: 300 }, status: 504, detail: /did not answer GET \/v0\.1\/servers within 0\.3 s/ },
    ];
    const lastGood = await lastSuccessfulRun(upstream.url);
    for (const c of cases) {
      upstream.override = c.override;
      const error = await importFromUpstream({ upstreamUrl: c.url, adminId: team.adminId }, c.limits).catch((e: unknown) => e);
      expect(error, c.what).toBeInstanceOf(SigilError);
      const run = await lastRun(c.url);
      expect(error, c.what).toMatchObject({ status: c.status, detail: expect.stringMatching(c.detail) });
      expect((error as SigilError).detail, c.what).toContain(`The run is recorded as failed (import ${run.id}).`);
      expect(run.finishedAt, c.what).not.toBeNull();
      expect(run.error, c.what).toMatch(c.detail);
      const finished = await db().auditEvent.findFirstOrThrow({ where: { subjectId: run.id, action: "import.finished" } });
      expect(finished.data, c.what).toMatchObject({ status: "failed", error: run.error });
    }
    upstream.override = undefined;
    // Failed runs do not move the next run's starting point.
    const { requests } = await importRun(upstream, team.adminId);
    expect(requests.map((r) => r.query)).toEqual([{ limit: "100", updated_since: lastGood.nextUpdatedSince.toISOString() }]);
  });

  it("keeps what a failed run imported before the upstream failed, and the next run completes it", async () => {
    const flaky = await startOther(
      ["1.0.0", "1.0.1", "1.0.2"].map((version) => ({ server: { ...example("remote-streamable-http.json"), name: "io.github.flaky/fs", version }, updatedAt: LONG_AGO })),
    );
    flaky.override = (req, res) => {
      if (!req.url?.includes("cursor=")) return false;
      res.writeHead(503, { "content-type": "application/problem+json" });
      res.end('{"title":"Service Unavailable","status":503}');
      return true;
    };
    await expect(importFromUpstream({ upstreamUrl: flaky.url, adminId: team.adminId }, { pageSize: 2 })).rejects.toMatchObject({ status: 502, detail: expect.stringContaining("answered HTTP 503") });
    expect(await lastRun(flaky.url)).toMatchObject({ imported: 2, error: expect.stringContaining("HTTP 503") });
    flaky.override = undefined;
    // No successful run yet: the next one reads everything again, skipping what is already here.
    const { run, requests } = await importRun(flaky, team.adminId);
    expect(requests.map((r) => r.query)).toEqual([{ limit: "100" }]);
    expect(run).toMatchObject({ imported: 1, skipped: 2, error: null });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});

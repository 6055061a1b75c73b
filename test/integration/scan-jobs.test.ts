import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { ReviewDecision, ScanJobState, VersionState } from "@/lib/db/generated/client";
import { type ScanWorkerSettings, startScanWorkers } from "@/lib/jobs/scan-worker";
import { digestTarball } from "@/scanner/target/tarball-digests";
import { requestRescan } from "@/lib/versions/request-rescan";
import { reviewVersion } from "@/lib/versions/review-version";
import { submitVersion } from "@/lib/versions/submit-version";
import { systemActor } from "@/lib/actor";
import { backends, useFreshDatabase } from "../support/database";
import { type FakePackage, fixturePackage, startFakeRegistry } from "../support/fake-npm-registry";
import { createTeam, type Team } from "../support/registry-fixtures";

const PACKAGES = path.resolve("test/fixtures/packages");
const readServerJson = (name: string) => JSON.parse(fs.readFileSync(path.join(PACKAGES, name, "server.json"), "utf8")) as Record<string, unknown>;

/** The honest weather server published as `serverName`, from the registry package `identifier`. */
const weatherServerJson = (serverName: string, identifier: string) => ({
  ...readServerJson("honest-weather"),
  name: serverName,
  packages: [{ registryType: "npm", identifier, version: "2.1.0", transport: { type: "stdio" } }],
});

/** Scan workers in this process, polling often, with a generous time limit unless told otherwise. */
const testWorkers = (databaseUrl: string, settings: Partial<ScanWorkerSettings> = {}) =>
  startScanWorkers({ databaseUrl, concurrency: 1, timeoutMs: 60_000, leaseMs: 10_000, pollIntervalMs: 200, ...settings });

/** server.json for the rug-pull fixture's versions (its folders carry no server.json of their own). */
const qotdServerJson = (version: string) => ({
  name: "io.github.quotes/qotd",
  description: "A quote of the day",
  version,
  packages: [{ registryType: "npm", identifier: "quote-of-the-day-mcp", version, transport: { type: "stdio" } }],
});

const fixture = (folder: string) => fixturePackage(path.join(PACKAGES, folder));

/** A download that hangs until `release()`: a scan caught in the middle. */
function gate() {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  return { opened, release };
}

const jobOf = (versionId: string) => db().scanJob.findFirstOrThrow({ where: { versionId }, orderBy: { createdAt: "desc" } });
const actionsOf = async (versionId: string) =>
  (await db().auditEvent.findMany({ where: { subjectId: versionId, action: { startsWith: "scan." } }, orderBy: { seq: "asc" } })).map((e) => ({
    action: e.action,
    actor: e.actor,
    data: e.data as Record<string, unknown>,
    at: e.createdAt,
  }));

const pendingDeliveries = async (scanJobId: string) =>
  Number((await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ${scanJobId}`)[0]!.n);

async function waitForJob(versionId: string, states: ScanJobState[], timeout = 60_000) {
  return vi.waitFor(
    async () => {
      const job = await jobOf(versionId);
      if (!states.includes(job.state)) throw new Error(`scan job is ${job.state}`);
      return job;
    },
    { timeout, interval: 200 },
  );
}

let registry: Awaited<ReturnType<typeof startFakeRegistry>>;
let served: FakePackage[];
/** Downloads held back, by package name. */
const gates = new Map<string, ReturnType<typeof gate>>([["stuck-weather", gate()]]);

beforeAll(async () => {
  served = await Promise.all(["honest-weather", "env-stealer", "rug-pull-1.0.0", "rug-pull-1.1.0"].map(fixture));
  for (const name of ["stuck-weather", "slow-weather", "slower-weather", "held-weather"]) served.push({ ...(await fixture("honest-weather")), name });
  registry = await startFakeRegistry(served, {
    beforeTarball: (pkg) => gates.get(pkg.name)?.opened ?? Promise.resolve(),
  });
  // Inherited by the scanner processes the workers start.
  process.env.SIGIL_NPM_REGISTRY = registry.url;
  process.env.SIGIL_AUDIT_REGISTRY = registry.url;
});
afterAll(async () => {
  for (const held of gates.values()) held.release();
  await registry.close();
});

describe.each(backends)("scan jobs on $name PostgreSQL", (backend) => {
  const url = useFreshDatabase(backend);
  let team: Team;
  let workers: Awaited<ReturnType<typeof startScanWorkers>>;

  beforeAll(async () => {
    process.env.SIGIL_SCAN_MAX_ATTEMPTS = "2";
    team = await createTeam("io.github.example");
    const { grantNamespace } = await import("@/lib/namespaces/grant-namespace");
    for (const name of ["io.github.quotes", "io.github.stuck", "io.github.helpers"]) {
      await grantNamespace({ name, ownerId: team.maintainerId, proof: "ADMIN_GRANT" }, systemActor("test"));
    }
    workers = await testWorkers(url(), { concurrency: 2, timeoutMs: 8_000 });
  });
  afterAll(async () => {
    await workers.stop();
  });

  it("scans a submitted version in the background and stores its report, findings and digests", async () => {
    const version = await submitVersion(readServerJson("honest-weather"), team.maintainerId);
    const job = await waitForJob(version.id, [ScanJobState.SUCCEEDED]);
    expect(job).toMatchObject({ attempts: 1, maxAttempts: 2, error: null, progress: expect.objectContaining({ stage: "done" }) });
    const scanned = await db().serverVersion.findUniqueOrThrow({ where: { id: version.id }, include: { scanReports: { include: { findings: true } } } });
    const expected = digestTarball(served.find((pkg) => pkg.name === "weather-mcp-honest")!.tarball!);
    expect(scanned).toMatchObject({ state: VersionState.SCANNED, integrity: expected.integrity, sha256: expected.sha256, tarballSize: expected.size });
    const [report] = scanned.scanReports;
    const document = report!.report as { target: { name: string }; findings: unknown[]; permissions: { declared: unknown } };
    expect(document.target.name).toBe("weather-mcp-honest");
    // The registry's server.json reached the scanner: its declared permissions are in the report.
    expect(document.permissions.declared).toMatchObject({ env: ["WEATHER_USER_AGENT"] });
    expect(report!.findings).toHaveLength(document.findings.length);
    expect(report!.verdict).not.toBe("FAIL");
    expect((await actionsOf(version.id)).map((e) => e.action)).toEqual(["scan.started", "scan.completed"]);
  });

  it("fails a package whose code does more than its manifest declares", async () => {
    const version = await submitVersion(readServerJson("env-stealer"), team.maintainerId);
    await waitForJob(version.id, [ScanJobState.SUCCEEDED]);
    const report = await db().scanReport.findFirstOrThrow({ where: { versionId: version.id }, include: { findings: true } });
    expect(report.verdict).toBe("FAIL");
    expect(report.findings.map((f) => f.category)).toContain("undeclared-permission");
    expect(report.findings.find((f) => f.category === "undeclared-permission")).toMatchObject({ file: expect.any(String), line: expect.any(Number), snippet: expect.any(String) });
  });

  it("retries a scan that cannot complete with backoff, then keeps the job dead with its error", async () => {
    const missing = { ...qotdServerJson("9.9.9") };
    const version = await submitVersion(missing, team.maintainerId);
    const job = await waitForJob(version.id, [ScanJobState.DEAD]);
    expect(job.attempts).toBe(2);
    expect(job.error).toMatch(/9\.9\.9/);
    expect((await db().serverVersion.findUniqueOrThrow({ where: { id: version.id } })).state).toBe(VersionState.SUBMITTED);
    const events = await actionsOf(version.id);
    expect(events.map((e) => e.action)).toEqual(["scan.started", "scan.attempt-failed", "scan.started", "scan.failed"]);
    // graphile-worker waits e^1 ≈ 2.7 s before the second attempt.
    expect(events[2]!.at.getTime() - events[1]!.at.getTime()).toBeGreaterThan(2_000);
    // A reviewer can ask again once the cause is fixed.
    const again = await requestRescan(version.id, team.reviewerId);
    expect(again).toMatchObject({ state: ScanJobState.QUEUED, maxAttempts: 2 });
  }, 120_000);

  it("stops a scan at its time limit and counts it as a failed attempt", async () => {
    const version = await submitVersion(weatherServerJson("io.github.stuck/weather", "stuck-weather"), team.maintainerId);
    const job = await waitForJob(version.id, [ScanJobState.DEAD], 90_000);
    expect(job.error).toBe("The scan took longer than its time limit of 8 s.");
    expect((await actionsOf(version.id)).filter((e) => e.action === "scan.started")).toHaveLength(2);
  }, 120_000);

  it("compares a new version with the last approved one and flags a rug-pull", async () => {
    const first = await submitVersion(qotdServerJson("1.0.0"), team.maintainerId);
    await waitForJob(first.id, [ScanJobState.SUCCEEDED]);
    await reviewVersion({ versionId: first.id, reviewerId: team.reviewerId, decision: ReviewDecision.APPROVE, reason: "one honest tool" });
    // The approval published it, signed: it is the baseline of the next version.
    expect((await db().serverVersion.findUniqueOrThrow({ where: { id: first.id } })).state).toBe("PUBLISHED");

    const second = await submitVersion(qotdServerJson("1.1.0"), team.maintainerId);
    await waitForJob(second.id, [ScanJobState.SUCCEEDED]);
    const report = await db().scanReport.findFirstOrThrow({ where: { versionId: second.id }, include: { findings: true } });
    expect(report.report).toMatchObject({ baseline: { target: { version: "1.0.0" }, tools: expect.arrayContaining([{ name: "quote_of_the_day", change: "changed" }]) } });
    expect(report.findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual(expect.arrayContaining(["tool-rug-pull:HIGH", "changed-since-baseline:MEDIUM"]));
    expect(report.verdict).toBe("FAIL");
  }, 120_000);
});

describe.each(backends)("a scan worker killed mid-scan on $name PostgreSQL", (backend) => {
  const url = useFreshDatabase(backend);
  let killed: ChildProcess | undefined;
  let survivor: Awaited<ReturnType<typeof startScanWorkers>> | undefined;

  afterAll(async () => {
    // The test kills it; this is for a test that failed before it could.
    if (killed && killed.signalCode === null && killed.exitCode === null) process.kill(-killed.pid!, "SIGKILL");
    await survivor?.stop();
  });

  it("leaves jobs that another worker takes over and finishes", async () => {
    process.env.SIGIL_SCAN_MAX_ATTEMPTS = "3";
    const team = await createTeam("io.github.slow");
    const held = ["slow-weather", "slower-weather"].map((name) => ({ name, gate: gate() }));
    const versions = [];
    for (const { name, gate: download } of held) {
      gates.set(name, download);
      versions.push(await submitVersion(weatherServerJson(`io.github.slow/${name}`, name), team.maintainerId));
    }
    // `npm run worker` as its own process group, so that killing it is a real crash; both scans
    // run in it at once, and their leases run out at different moments.
    killed = spawn(process.execPath, ["--import", "tsx", "bin/worker.ts"], {
      env: { ...process.env, DATABASE_URL: url(), SIGIL_WORKER_CONCURRENCY: "2", SIGIL_SCAN_LEASE_SECONDS: "2", LOG_LEVEL: "warn" },
      stdio: "ignore",
      detached: true,
    });
    const running = [];
    for (const version of versions) {
      running.push(await waitForJob(version.id, [ScanJobState.RUNNING], 60_000));
      await vi.waitFor(async () => expect((await jobOf(version.id)).progress).toMatchObject({ stage: "fetching" }), { timeout: 30_000, interval: 200 });
    }
    expect(new Set(running.map((job) => job.lockedBy)).size).toBe(2);
    const gone = new Promise((resolve) => killed!.once("exit", resolve));
    process.kill(-killed.pid!, "SIGKILL");
    await gone;
    for (const { gate: download } of held) download.release();

    survivor = await testWorkers(url(), { timeoutMs: 30_000, leaseMs: 2_000 });
    for (const [i, version] of versions.entries()) {
      const finished = await waitForJob(version.id, [ScanJobState.SUCCEEDED], 60_000);
      expect(finished.attempts).toBe(2);
      expect(finished.lockedBy).not.toBe(running[i]!.lockedBy);
      expect((await db().serverVersion.findUniqueOrThrow({ where: { id: version.id } })).state).toBe(VersionState.SCANNED);
      const events = await actionsOf(version.id);
      expect(events.map((e) => e.action)).toEqual(["scan.started", "scan.attempt-failed", "scan.started", "scan.completed"]);
      expect(events[1]).toMatchObject({ actor: "system:scan-reclaimer", data: { attempt: 1, workerId: running[i]!.lockedBy, error: expect.stringMatching(/stopped responding/) } });
      // No delivery is left waiting for a finished scan. graphile-worker removes the delivery
      // only once the task has returned, just after the scan was recorded as finished.
      await vi.waitFor(async () => expect(await pendingDeliveries(finished.id)).toBe(0), { timeout: 10_000, interval: 100 });
    }
  }, 120_000);
});

describe.each(backends)("a scan worker shut down mid-scan on $name PostgreSQL", (backend) => {
  const url = useFreshDatabase(backend);

  it("gives the attempt back, uncounted, and the next worker runs it", async () => {
    process.env.SIGIL_SCAN_MAX_ATTEMPTS = "1";
    const team = await createTeam("io.github.held");
    const download = gate();
    gates.set("held-weather", download);
    const version = await submitVersion(weatherServerJson("io.github.held/weather", "held-weather"), team.maintainerId);
    const first = await testWorkers(url());
    await vi.waitFor(async () => expect((await jobOf(version.id)).progress).toMatchObject({ stage: "fetching" }), { timeout: 30_000, interval: 200 });
    await first.stop();
    expect(await jobOf(version.id)).toMatchObject({ state: ScanJobState.QUEUED, attempts: 0 });
    download.release();
    const next = await testWorkers(url());
    try {
      // With one attempt allowed, the given-back attempt must not have counted.
      expect(await waitForJob(version.id, [ScanJobState.SUCCEEDED])).toMatchObject({ attempts: 1 });
      expect((await actionsOf(version.id)).map((e) => e.action)).toEqual(["scan.started", "scan.released", "scan.started", "scan.completed"]);
    } finally {
      await next.stop();
    }
  }, 120_000);
});

describe.each(backends)("a queued scan that lost its delivery on $name PostgreSQL", (backend) => {
  const url = useFreshDatabase(backend);

  it("is scheduled again by the workers' sweep, and then runs", async () => {
    process.env.SIGIL_SCAN_MAX_ATTEMPTS = "2";
    const team = await createTeam("io.github.example");
    const version = await submitVersion(readServerJson("honest-weather"), team.maintainerId);
    const job = await jobOf(version.id);
    // As if every delivery attempt had failed to claim it: graphile-worker no longer holds it.
    await db().$executeRaw`SELECT graphile_worker.remove_job(${job.id})`;
    expect(await pendingDeliveries(job.id)).toBe(0);

    const { redeliverStrandedScans } = await import("@/lib/scans/redeliver-stranded-scans");
    expect(await redeliverStrandedScans()).toEqual([job.id]);
    expect(await pendingDeliveries(job.id)).toBe(1);
    // A job that has its delivery is left alone.
    expect(await redeliverStrandedScans()).toEqual([]);

    const workers = await testWorkers(url());
    try {
      expect(await waitForJob(version.id, [ScanJobState.SUCCEEDED])).toMatchObject({ attempts: 1 });
      expect((await actionsOf(version.id)).map((e) => e.action)).toEqual(["scan.redelivered", "scan.started", "scan.completed"]);
    } finally {
      await workers.stop();
    }
  }, 120_000);
});

import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { systemActor } from "@/lib/actor";
import { db, disconnectDb } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded/start-embedded-postgres";
import { applyMigrations } from "@/lib/db/migrate";
import { NamespaceProof, Role } from "@/lib/db/generated/client";
import { grantNamespace } from "@/lib/namespaces/grant-namespace";
import { registerSigningSetup } from "@/lib/signing/register-signing-setup";
import { signingSetup } from "@/lib/signing/signing-setup";
import { findServerVersion, listServerVersions } from "@/lib/registry/find-versions";
import { toServerList } from "@/lib/registry/server-response";
import { createUser } from "@/lib/users/create-user";
import { submitVersion } from "@/lib/versions/submit-version";
import { publishThroughReview } from "../test/support/publish-through-review";

// `npm run bench`: read-API query costs on an embedded PostgreSQL holding SERVERS × VERSIONS
// published versions, each against `SELECT 1` through the same client, measured in this run.
const SERVERS = Number(process.env.BENCH_SERVERS ?? 200);
const VERSIONS = Number(process.env.BENCH_VERSIONS ?? 5);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const BASE_URL = "http://localhost:3000";

async function measure(name: string, work: () => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { name, median: times[Math.floor(times.length / 2)]!, p95: times[Math.floor(times.length * 0.95)]! };
}

async function seed() {
  const actor = systemActor("bench");
  const maintainer = await createUser({ email: "m@bench.test", roles: [Role.MAINTAINER] }, actor);
  const reviewer = await createUser({ email: "r@bench.test", roles: [Role.REVIEWER] }, actor);
  await grantNamespace({ name: "io.github.bench", ownerId: maintainer.id, proof: NamespaceProof.ADMIN_GRANT }, actor);
  for (let s = 0; s < SERVERS; s++) {
    for (let v = 0; v < VERSIONS; v++) {
      const name = `io.github.bench/server-${String(s).padStart(4, "0")}`;
      const version = await submitVersion(
        { name, description: `Benchmark server ${s} for ${s % 7 === 0 ? "weather" : "files"}`, version: `1.${v}.0`, packages: [{ registryType: "npm", identifier: `bench-${s}`, version: `1.${v}.0`, transport: { type: "stdio" } }] },
        maintainer.id,
      );
      await publishThroughReview(version.id, reviewer.id);
    }
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-bench-"));
const database = await startEmbeddedPostgres(dataDir);
try {
  await applyMigrations(database.url);
  process.env.DATABASE_URL = database.url;
  // Publications are signed with a key of the benchmark's own.
  process.env.SIGIL_SIGNING_KEY_PEM = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  await registerSigningSetup(signingSetup());
  const seedStart = performance.now();
  await seed();
  const total = SERVERS * VERSIONS;
  console.log(`seeded ${total} published versions through the domain functions in ${((performance.now() - seedStart) / 1000).toFixed(1)} s (${((performance.now() - seedStart) / total).toFixed(1)} ms per version: scan, review and signed publication)`);

  const deepCursor = (await listServerVersions({ limit: total - 30, includeDeleted: false })).nextCursor;
  const results = [
    await measure("baseline: SELECT 1", () => db().$queryRaw`SELECT 1`),
    await measure("first page (limit 30)", async () => toServerList((await listServerVersions({ limit: 30, includeDeleted: false })).versions, BASE_URL)),
    await measure(`last page via cursor (after ${total - 30})`, async () => toServerList((await listServerVersions({ limit: 30, cursor: deepCursor, includeDeleted: false })).versions, BASE_URL)),
    await measure("version=latest page", async () => toServerList((await listServerVersions({ limit: 30, version: "latest", includeDeleted: false })).versions, BASE_URL)),
    await measure("search page (description substring)", async () => toServerList((await listServerVersions({ limit: 30, search: "WEATHER", includeDeleted: false })).versions, BASE_URL)),
    await measure("one version by name", () => findServerVersion("io.github.bench/server-0100", "latest", false)),
    await measure("full page (limit 100)", async () => toServerList((await listServerVersions({ limit: 100, includeDeleted: false })).versions, BASE_URL)),
  ];
  const base = results[0]!.median;
  console.log(`\n${ITERATIONS} iterations each; times in ms; ratio = median / baseline median`);
  console.log(`${"query".padEnd(42)} ${"median".padStart(8)} ${"p95".padStart(8)} ${"ratio".padStart(7)}`);
  for (const r of results) console.log(`${r.name.padEnd(42)} ${r.median.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(8)} ${(r.median / base).toFixed(1).padStart(7)}`);
  console.log(`\nlast page / first page: ${(results[2]!.median / results[1]!.median).toFixed(2)} (keyset pagination: about 1 whatever the depth)`);
  console.log(`heap used: ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MiB, rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);
} finally {
  await disconnectDb();
  await database.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

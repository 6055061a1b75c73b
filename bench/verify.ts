import { type ChildProcess, spawn } from "node:child_process";
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
import { findFreePort } from "@/lib/net/free-port";
import { sha512HexOf } from "@/lib/signing/review-statement";
import { registerSigningSetup } from "@/lib/signing/register-signing-setup";
import { signingSetup } from "@/lib/signing/signing-setup";
import { registryTrust } from "@/lib/signing/trust-documents";
import { createUser } from "@/lib/users/create-user";
import { verifyPublication } from "@/lib/verify/verify-publication";
import { revokeVersion } from "@/lib/versions/revoke-version";
import { submitVersion } from "@/lib/versions/submit-version";
import { publishThroughReview } from "../test/support/publish-through-review";

// `npm run bench:verify`: verifications per second of the verification library and of
// POST /api/v1/verify, beside raw crypto.verify of the same ECDSA signature, all measured in
// this run; the endpoint's p50/p99 at concurrency 32; and the time from a revocation to the
// endpoint refusing the version.
const VERSIONS = Number(process.env.BENCH_VERSIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

/** Runs `work` for SECONDS after a warm-up, and returns operations per second. */
function perSecond(work: () => void): number {
  for (let i = 0; i < 200; i++) work();
  let count = 0;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) work();
    count += 50;
  }
  return count / ((performance.now() - start) / 1000);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/** DSSE's pre-authentication encoding, which the signature covers. */
const pae = (type: string, payload: Buffer) => Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${payload.length} `), payload]);

async function waitForRegistry(url: string, child: ChildProcess) {
  for (let i = 0; i < 1800 && child.exitCode === null; i++) {
    if (await fetch(`${url}/api/v1/health`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the registry did not start");
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-bench-verify-"));
const database = await startEmbeddedPostgres(dataDir);
let web: ChildProcess | undefined;
try {
  await applyMigrations(database.url);
  process.env.DATABASE_URL = database.url;
  process.env.SIGIL_SIGNING_KEY_PEM = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  await registerSigningSetup(signingSetup());
  const actor = systemActor("bench");
  const maintainer = await createUser({ email: "m@bench.test", roles: [Role.MAINTAINER] }, actor);
  const reviewer = await createUser({ email: "r@bench.test", roles: [Role.REVIEWER] }, actor);
  const admin = await createUser({ email: "a@bench.test", roles: [Role.ADMIN] }, actor);
  await grantNamespace({ name: "io.github.bench", ownerId: maintainer.id, proof: NamespaceProof.ADMIN_GRANT }, actor);
  const published: Awaited<ReturnType<typeof publishThroughReview>>[] = [];
  for (let i = 0; i < VERSIONS; i++) {
    const version = await submitVersion({ name: `io.github.bench/server-${i}`, description: "Benchmark server", version: "1.0.0", packages: [{ registryType: "npm", identifier: `bench-${i}`, version: "1.0.0", transport: { type: "stdio" } }] }, maintainer.id);
    published.push(await publishThroughReview(version.id, reviewer.id));
  }
  console.log(`published ${VERSIONS} signed versions (registry key, ECDSA P-256)`);

  // The library path: what `sigil verify` and the endpoint run for one bundle, with the trust already read.
  const trust = await registryTrust();
  const sample = published[0]!;
  const { bundle } = await db().attestation.findUniqueOrThrow({ where: { versionId: sample.id } });
  const expected = { server: { name: sample.serverName, version: "1.0.0" }, package: { name: sample.packageIdentifier!, version: "1.0.0" }, digests: [{ source: "bench", sha512: sha512HexOf(sample.integrity!), sha256: sample.sha256! }] };
  if (!verifyPublication({ bundle, expected, trust }).verified) throw new Error("the sample does not verify");
  const envelope = (bundle as { dsseEnvelope: { payload: string; payloadType: string; signatures: { sig: string }[] } }).dsseEnvelope;
  const signed = pae(envelope.payloadType, Buffer.from(envelope.payload, "base64"));
  const signature = Buffer.from(envelope.signatures[0]!.sig, "base64");
  const publicKey = crypto.createPublicKey({ key: Buffer.from(trust.keys.keys[0]!.publicKey.rawBytes, "base64"), format: "der", type: "spki" });
  if (!crypto.verify("sha256", signed, publicKey, signature)) throw new Error("raw verification failed");
  const raw = perSecond(() => crypto.verify("sha256", signed, publicKey, signature));
  const library = perSecond(() => verifyPublication({ bundle, expected, trust }));

  // The endpoint, served by the built app as `npm start` serves it (web only: no workers).
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  web = spawn(process.execPath, ["--import", "tsx", "bin/start.ts"], { env: { ...process.env, PORT: String(port), SIGIL_HOST: "127.0.0.1", SIGIL_WORKER_CONCURRENCY: "0", SIGIL_DATA_DIR: dataDir, LOG_LEVEL: "warn" }, stdio: ["ignore", "ignore", "inherit"] });
  await waitForRegistry(url, web);
  const verify = async (name: string) => {
    const response = await fetch(`${url}/api/v1/verify`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name, version: "1.0.0" }) });
    return (await response.json()) as { verified: boolean; revoked: boolean };
  };
  for (let i = 0; i < 100; i++) await verify(published[i % VERSIONS]!.serverName);
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let i = worker; performance.now() < deadline; i += CONCURRENCY) {
        const began = performance.now();
        if (!(await verify(published[i % VERSIONS]!.serverName)).verified) throw new Error("a published version did not verify");
        latencies.push(performance.now() - began);
      }
    }),
  );
  const endpoint = latencies.length / ((performance.now() - start) / 1000);
  latencies.sort((a, b) => a - b);

  // From the revocation call to the endpoint's first refusal, for a few versions.
  const toRefusal: number[] = [];
  for (const version of published.slice(-5)) {
    const began = performance.now();
    await revokeVersion({ versionId: version.id, adminId: admin.id, reason: "bench" });
    while (!(await verify(version.serverName)).revoked) await new Promise((resolve) => setTimeout(resolve, 1));
    toRefusal.push(performance.now() - began);
  }
  toRefusal.sort((a, b) => a - b);

  console.log(`\n${SECONDS} s each, 2 cores; one bundle verified again and again, except the endpoint (${VERSIONS} versions in turn)`);
  console.log(`${"measure".padEnd(52)} ${"per second".padStart(11)} ${"vs raw".padStart(7)}`);
  console.log(`${"raw crypto.verify (ECDSA P-256, the DSSE signature)".padEnd(52)} ${raw.toFixed(0).padStart(11)} ${"1.00".padStart(7)}`);
  console.log(`${"library: verifyPublication (@sigstore/verify + Sigil)".padEnd(52)} ${library.toFixed(0).padStart(11)} ${(library / raw).toFixed(2).padStart(7)}   target ≥ 0.50`);
  console.log(`${`endpoint: POST /api/v1/verify, concurrency ${CONCURRENCY}`.padEnd(52)} ${endpoint.toFixed(0).padStart(11)} ${(endpoint / raw).toFixed(2).padStart(7)}`);
  console.log(`\nendpoint latency: p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms (${latencies.length} requests)`);
  console.log(`revocation to refusal: median ${percentile(toRefusal, 0.5).toFixed(0)} ms, worst ${toRefusal.at(-1)!.toFixed(0)} ms of ${toRefusal.length} (target under 1000 ms)`);
} finally {
  if (web && web.exitCode === null) {
    web.kill("SIGTERM");
    await new Promise((resolve) => web!.once("exit", resolve));
  }
  await disconnectDb();
  await database.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

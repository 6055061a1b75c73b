import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "@/lib/config";
import { db } from "@/lib/db/client";
import { ReviewDecision } from "@/lib/db/generated/client";
import { completeQueuedScan } from "@/lib/scans/complete-queued-scan";
import { registerSigningSetup } from "@/lib/signing/register-signing-setup";
import { loadSigningSetup } from "@/lib/signing/signing-setup";
import { trustedRootDocument } from "@/lib/signing/trust-documents";
import { verifyRegistryVersion } from "@/lib/verification/verify-registry-version";
import { publishVersion } from "@/lib/versions/publish-version";
import { setPublishingFrozen } from "@/lib/versions/publishing-freeze";
import { reviewVersion } from "@/lib/versions/review-version";
import { submitVersion } from "@/lib/versions/submit-version";
import { PUBLISHER } from "@/lib/versions/publish-approved-versions";
import { backends, useFreshDatabase } from "../support/database";
import { oidcToken, startMockSigstore } from "../support/mock-sigstore";
import { startOpensslTsa } from "../support/openssl-tsa";
import { fixtureScan } from "../support/publish-through-review";
import { createTeam, serverJson, type Team } from "../support/registry-fixtures";

const ISSUER = "https://token.actions.githubusercontent.com";
const IDENTITY = "https://github.com/sigil-dev/registry/.github/workflows/publish.yml@refs/heads/main";

describe.each(backends.slice(0, 1))("signing modes configured from the environment on $name PostgreSQL", (backend) => {
  useFreshDatabase(backend);
  let team: Team;
  let tsa: Awaited<ReturnType<typeof startOpensslTsa>>;
  let sigstore: Awaited<ReturnType<typeof startMockSigstore>>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-modes-"));
  let counter = 0;
  const env = process.env;

  beforeAll(async () => {
    team = await createTeam("io.github.modes");
    [tsa, sigstore] = await Promise.all([startOpensslTsa(), startMockSigstore()]);
  });
  afterAll(async () => {
    process.env = env;
    await Promise.all([tsa?.close(), sigstore?.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Starts "a registry" with these settings (as `npm start` does), and publishes an approved version with them. */
  async function publishWith(settings: Record<string, string>) {
    process.env = { ...env, ...settings };
    const setup = loadSigningSetup(readConfig());
    // Each test moves the registry to another setup, as a start with SIGIL_SIGNING_ROTATE=true does.
    await registerSigningSetup(setup, { rotate: true });
    const version = await submitVersion(serverJson(`${team.namespace}/moded`, `1.0.${++counter}`), team.maintainerId);
    await completeQueuedScan(version.id, fixtureScan(version.id), "test-scanner");
    await setPublishingFrozen({ adminId: team.adminId, frozen: true, reason: "publish with the setup under test" });
    await reviewVersion({ versionId: version.id, reviewerId: team.reviewerId, decision: ReviewDecision.APPROVE, reason: "fine" });
    await setPublishingFrozen({ adminId: team.adminId, frozen: false, reason: "done" });
    await publishVersion(version.id, PUBLISHER, { setup });
    return version;
  }

  it("timestamps registry-key publications at SIGIL_TSA_URL, lists the authority in trusted_root.json, and they verify", async () => {
    const version = await publishWith({ SIGIL_TSA_URL: tsa.url, SIGIL_TSA_CERT_CHAIN_FILE: tsa.chainFile });
    const attestation = await db().attestation.findUniqueOrThrow({ where: { versionId: version.id } });
    expect((attestation.bundle as { verificationMaterial: { timestampVerificationData?: { rfc3161Timestamps: unknown[] } } }).verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1);
    expect(attestation.signedAt.getMilliseconds()).toBe(0);
    expect(await verifyRegistryVersion({ name: version.serverName, version: version.version })).toMatchObject({ verified: true, reasons: [] });
  });

  it("signs keyless through Fulcio and Rekor with the workload's token, records the identity, and the publication verifies", async () => {
    const rootFile = path.join(dir, "trusted_root.json");
    const tokenFile = path.join(dir, "token");
    // The instance's root names a timestamp authority of its own, as the public-good one does.
    const instanceTsa = { subject: { organization: "sigstore.dev", commonName: "sigstore-tsa" }, uri: "https://timestamp.sigstore.dev/api/v1/timestamp", certChain: { certificates: [] }, validFor: { start: "2025-07-04T00:00:00Z" } };
    fs.writeFileSync(rootFile, JSON.stringify({ ...(sigstore.trustedRoot as object), timestampAuthorities: [instanceTsa] }));
    fs.writeFileSync(tokenFile, oidcToken({ iss: ISSUER, sub: IDENTITY }));
    const version = await publishWith({
      SIGIL_SIGNING_MODE: "keyless",
      SIGIL_FULCIO_URL: sigstore.url,
      SIGIL_REKOR_URL: sigstore.url,
      SIGIL_SIGSTORE_TRUSTED_ROOT: rootFile,
      SIGIL_OIDC_TOKEN_FILE: tokenFile,
      SIGIL_KEYLESS_ISSUER: ISSUER,
      SIGIL_KEYLESS_IDENTITY: IDENTITY,
    });
    expect(await db().attestation.findUniqueOrThrow({ where: { versionId: version.id } })).toMatchObject({ mode: "SIGSTORE_KEYLESS", keyId: null, identity: IDENTITY });
    expect(await verifyRegistryVersion({ name: version.serverName, version: version.version })).toMatchObject({ verified: true, keyId: null });
    // The registry-key and timestamped publications before keyless still verify, and the
    // instance's own timestamp authority is not one Sigil's verifiers demand.
    expect(await verifyRegistryVersion({ name: version.serverName, version: "1.0.1" })).toMatchObject({ verified: true });
    const root = (await trustedRootDocument()) as { timestampAuthorities: { uri: string }[]; certificateAuthorities: unknown[] };
    expect(root.timestampAuthorities.map((authority) => authority.uri)).toEqual([tsa.url]);
    expect(root.certificateAuthorities).toHaveLength(1);

    // A token for another workload: the publication does not verify against the pinned identity, so nothing is published.
    fs.writeFileSync(tokenFile, oidcToken({ iss: ISSUER, sub: `${IDENTITY}-fork` }));
    await expect(publishWith({ SIGIL_SIGNING_MODE: "keyless", SIGIL_FULCIO_URL: sigstore.url, SIGIL_REKOR_URL: sigstore.url, SIGIL_SIGSTORE_TRUSTED_ROOT: rootFile, SIGIL_OIDC_TOKEN_FILE: tokenFile, SIGIL_KEYLESS_ISSUER: ISSUER, SIGIL_KEYLESS_IDENTITY: IDENTITY })).rejects.toMatchObject({
      detail: expect.stringContaining("does not verify against the registry's own trust material"),
    });
  });

  it("refuses settings that only make sense together, naming what is missing", () => {
    expect(() => readConfig({ SIGIL_SIGNING_MODE: "keyless" })).toThrow(/SIGIL_OIDC_TOKEN_FILE: must be set in keyless mode/);
    expect(() => readConfig({ SIGIL_TSA_URL: "http://127.0.0.1:1/" })).toThrow(/SIGIL_TSA_CERT_CHAIN_FILE: must be set with SIGIL_TSA_URL/);
    expect(() => loadSigningSetup(readConfig({ SIGIL_TSA_URL: "http://127.0.0.1:1/", SIGIL_TSA_CERT_CHAIN_FILE: "/no/such/chain.pem" }))).toThrow(/SIGIL_TSA_CERT_CHAIN_FILE: \/no\/such\/chain.pem does not exist/);
  });
});

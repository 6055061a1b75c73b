import { execFile } from "node:child_process";
import crypto from "node:crypto";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { ReviewDecision, VersionState } from "@/lib/db/generated/client";
import { signedStatementOf } from "@/lib/registry/review-meta";
import { canonicalDigest } from "@/lib/validation/canonical-digest";
import { parseTrust } from "@/lib/verify/trust-material";
import { verifyPublication } from "@/lib/verify/verify-publication";
import { type PublicationStep } from "@/lib/versions/publish-version";
import { publishApprovedVersions } from "@/lib/versions/publish-approved-versions";
import { setPublishingFrozen } from "@/lib/versions/publishing-freeze";
import { reviewVersion } from "@/lib/versions/review-version";
import { revokeVersion } from "@/lib/versions/revoke-version";
import { submitVersion } from "@/lib/versions/submit-version";
import { completeQueuedScan } from "@/lib/scans/complete-queued-scan";
import { callApi } from "../support/call-api";
import { backends, useFreshDatabase } from "../support/database";
import { fixtureScan, fixtureTarball } from "../support/publish-through-review";
import { createTeam, publish, serverJson, type Team } from "../support/registry-fixtures";

const run = promisify(execFile);

/** The trust a client pins, read from the registry's published documents. */
async function publishedTrust() {
  const [keys, trustedRoot, identities] = await Promise.all(["keys", "trusted_root", "identities"].map(async (name) => (await callApi(`/.well-known/sigil/${name}.json`)).body));
  return parseTrust({ keys, trustedRoot, identities });
}

describe.each(backends)("signed publication on $name PostgreSQL", (backend) => {
  useFreshDatabase(backend);
  let team: Team;
  let counter = 0;

  beforeAll(async () => {
    team = await createTeam("io.github.pub");
  });

  /** A version scanned (fixture tarball) and approved while publishing is frozen, so that it waits, APPROVED. */
  async function approvedVersion(name = "waiting") {
    const version = await submitVersion(serverJson(`${team.namespace}/${name}`, `1.0.${++counter}`), team.maintainerId);
    await completeQueuedScan(version.id, fixtureScan(version.id), "test-scanner");
    await setPublishingFrozen({ adminId: team.adminId, frozen: true, reason: "hold this one back" });
    await reviewVersion({ versionId: version.id, reviewerId: team.reviewerId, decision: ReviewDecision.APPROVE, reason: "fine" });
    await setPublishingFrozen({ adminId: team.adminId, frozen: false, reason: "let it through" });
    return version;
  }

  it("publishes an approved version at once, signed: the bundle verifies with the trust documents the registry serves", async () => {
    const version = await publish(team, "signed", "1.0.0");
    expect(version.state).toBe(VersionState.PUBLISHED);
    const attestation = await db().attestation.findUniqueOrThrow({ where: { versionId: version.id } });
    const tarball = fixtureTarball(version.id);
    const verdict = verifyPublication({
      bundle: attestation.bundle,
      expected: {
        server: { name: version.serverName, version: "1.0.0" },
        package: { name: "@test/signed", version: "1.0.0" },
        digests: [{ source: "The tarball", sha512: crypto.createHash("sha512").update(tarball.bytes).digest("hex"), sha256: tarball.sha256 }],
      },
      trust: await publishedTrust(),
    });
    expect(verdict).toMatchObject({ verified: true, signer: { kind: "registry-key", keyId: attestation.keyId } });
    const report = await db().scanReport.findFirstOrThrow({ where: { versionId: version.id } });
    expect(verdict.statement!.predicate).toMatchObject({
      server: { name: version.serverName, version: "1.0.0" },
      scanReport: { digest: { sha256: report.contentDigest }, verdict: "PASS", scanner: "test-fixture" },
      approvals: [{ reviewer: `user:${team.reviewerId}` }],
      publishedAt: version.publishedAt!.toISOString(),
    });
    const events = await db().auditEvent.findMany({ where: { subjectId: version.id, action: "version.published" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ attestationId: attestation.id, keyId: attestation.keyId, statementDigest: attestation.statementDigest });
  });

  it("shows what clients need in the read API, and serves the bundle and the exact report it signs", async () => {
    const version = await publish(team, "listed", "2.0.0");
    const entry = await callApi(`/v0.1/servers/${encodeURIComponent(version.serverName)}/versions/2.0.0`);
    const review = (entry.body as { _meta: Record<string, Record<string, unknown>> })._meta["dev.sigil/review"]!;
    const base = `http://registry.test/api/v1/servers/${encodeURIComponent(version.serverName)}/versions/2.0.0`;
    expect(review).toEqual({
      status: "published",
      integrity: version.integrity,
      sha256: version.sha256,
      tarballUrl: "https://registry.npmjs.org/@test/listed/-/listed-2.0.0.tgz",
      bundleUrl: `${base}/bundle`,
      reportUrl: `${base}/report`,
      verdict: "pass",
      approvals: [expect.objectContaining({ reviewer: `user:${team.reviewerId}` })],
      permissions: null,
      signedAt: expect.any(String),
      keyId: expect.stringMatching(/^SHA256:/),
    });
    const bundle = await callApi(`/api/v1/servers/${encodeURIComponent(version.serverName)}/versions/2.0.0/bundle`);
    expect(bundle).toMatchObject({ status: 200, contentType: "application/vnd.dev.sigstore.bundle.v0.3+json" });
    const attestation = await db().attestation.findUniqueOrThrow({ where: { versionId: version.id } });
    expect(JSON.parse(bundle.text)).toEqual(attestation.bundle);
    const report = await callApi(`/api/v1/servers/${version.serverName}/versions/2.0.0/report`);
    expect(report.status).toBe(200);
    // The report served is the one the statement signs, byte for byte in its canonical form.
    expect(canonicalDigest(report.body)).toBe(signedStatementOf(attestation.bundle).predicate.scanReport.digest.sha256);
    expect((await callApi(`/api/v1/servers/${encodeURIComponent(version.serverName)}/versions/9.9.9/bundle`)).status).toBe(404);
    const unpublished = await submitVersion(serverJson(`${team.namespace}/listed`, "3.0.0"), team.maintainerId);
    expect((await callApi(`/api/v1/servers/${encodeURIComponent(version.serverName)}/versions/${unpublished.version}/report`)).status).toBe(404);
  });

  it("never changes what a published version was published with, whoever asks the database", async () => {
    const version = await publish(team, "frozen-bytes", "1.0.0");
    await expect(db().attestation.updateMany({ where: { versionId: version.id }, data: { keyId: "SHA256:forged" } })).rejects.toThrow(/not allowed/);
    await expect(db().attestation.deleteMany({ where: { versionId: version.id } })).rejects.toThrow(/not allowed/);
    await expect(db().scanReport.updateMany({ where: { versionId: version.id }, data: { verdict: "FAIL" } })).rejects.toThrow(/not allowed/);
    await expect(db().review.updateMany({ where: { versionId: version.id }, data: { reason: "changed" } })).rejects.toThrow(/not allowed/);
    await expect(db().serverVersion.update({ where: { id: version.id }, data: { integrity: "sha512-forged" } })).rejects.toThrow(/published/);
    await expect(db().serverVersion.update({ where: { id: version.id }, data: { state: VersionState.SCANNED } })).rejects.toThrow(/published/);
    await expect(db().serverVersion.delete({ where: { id: version.id } })).rejects.toThrow(/never removed/);
    // A revocation, once made, is not undone behind the audit log's back either.
    await revokeVersion({ versionId: version.id, adminId: team.adminId, reason: "checking the record holds" });
    await expect(db().revocation.deleteMany({ where: { versionId: version.id } })).rejects.toThrow(/not allowed/);
    await expect(db().serverVersion.update({ where: { id: version.id }, data: { state: VersionState.PUBLISHED } })).rejects.toThrow(/published/);
    await expect(db().revocationList.deleteMany({})).rejects.toThrow(/not allowed/);
    expect(await db().serverVersion.findUniqueOrThrow({ where: { id: version.id } })).toMatchObject({ integrity: version.integrity, state: VersionState.REVOKED });
  });

  const steps: PublicationStep[] = ["statement-built", "signed", "verified", "attestation-written", "state-changed", "committed"];
  it.each(steps)("leaves nothing or everything published when the publishing process is killed at %s, and the publisher finishes it once", async (step) => {
    const version = await approvedVersion(`crash-${step}`);
    const eventsBefore = await db().auditEvent.count();
    const child = await run(process.execPath, ["--import", "tsx", "test/support/publish-and-crash.ts", version.id, step], { env: process.env }).then(
      () => ({ signal: null }),
      (error: { signal: string | null }) => ({ signal: error.signal }),
    );
    expect(child.signal).toBe("SIGKILL");
    const after = await db().serverVersion.findUniqueOrThrow({ where: { id: version.id }, include: { attestation: true } });
    const publishedEvents = await db().auditEvent.count({ where: { subjectId: version.id, action: "version.published" } });
    if (step === "committed") {
      expect([after.state, Boolean(after.attestation), publishedEvents]).toEqual([VersionState.PUBLISHED, true, 1]);
    } else {
      expect([after.state, after.attestation, publishedEvents, after.publishedAt]).toEqual([VersionState.APPROVED, null, 0, null]);
      expect(await db().auditEvent.count()).toBe(eventsBefore);
    }
    await publishApprovedVersions(0);
    const finished = await db().serverVersion.findUniqueOrThrow({ where: { id: version.id }, include: { attestation: true } });
    expect([finished.state, Boolean(finished.attestation)]).toEqual([VersionState.PUBLISHED, true]);
    expect(await db().auditEvent.count({ where: { subjectId: version.id, action: "version.published" } })).toBe(1);
  });

  it("tries a version whose publication fails again later and later, not at every sweep", async () => {
    // Approved, but with nothing to sign: its scan recorded no tarball.
    const version = await submitVersion(serverJson(`${team.namespace}/unsignable`, "1.0.0"), team.maintainerId);
    const { integrity: _integrity, sha256: _sha256, tarballSize: _size, ...withoutTarball } = fixtureScan(version.id);
    await completeQueuedScan(version.id, withoutTarball, "test-scanner");
    await reviewVersion({ versionId: version.id, reviewerId: team.reviewerId, decision: ReviewDecision.APPROVE, reason: "fine" });
    const warnings = vi.spyOn(log, "warn");
    try {
      await publishApprovedVersions(0);
      await publishApprovedVersions(0);
      const tries = warnings.mock.calls.filter(([fields]) => (fields as { versionId?: string }).versionId === version.id);
      expect(tries).toHaveLength(1);
      expect(tries[0]![1]).toMatch(/not published yet/);
    } finally {
      warnings.mockRestore();
    }
    expect((await db().serverVersion.findUniqueOrThrow({ where: { id: version.id } })).state).toBe(VersionState.APPROVED);
  });

  it("waits while publishing is frozen, and publishes when an admin lifts the freeze", async () => {
    const version = await submitVersion(serverJson(`${team.namespace}/freeze`, "1.0.0"), team.maintainerId);
    await completeQueuedScan(version.id, fixtureScan(version.id), "test-scanner");
    await setPublishingFrozen({ adminId: team.adminId, frozen: true, reason: "key rotation in progress" });
    await expect(setPublishingFrozen({ adminId: team.reviewerId, frozen: false, reason: "not mine to lift" })).rejects.toMatchObject({ status: 403 });
    await reviewVersion({ versionId: version.id, reviewerId: team.reviewerId, decision: ReviewDecision.APPROVE, reason: "fine" });
    expect(await publishApprovedVersions(0)).toEqual([]);
    expect((await db().serverVersion.findUniqueOrThrow({ where: { id: version.id } })).state).toBe(VersionState.APPROVED);
    await setPublishingFrozen({ adminId: team.adminId, frozen: false, reason: "rotation done" });
    expect(await publishApprovedVersions(0)).toContain(version.id);
    expect((await db().serverVersion.findUniqueOrThrow({ where: { id: version.id } })).state).toBe(VersionState.PUBLISHED);
    const actions = (await db().auditEvent.findMany({ where: { action: { startsWith: "publishing." } }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions.slice(-2)).toEqual(["publishing.frozen", "publishing.unfrozen"]);
  });
});

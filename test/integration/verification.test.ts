import ssri from "ssri";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { VersionState } from "@/lib/db/generated/client";
import { issueRevocationList } from "@/lib/revocations/revocation-list";
import { parseTrust } from "@/lib/verify/trust-material";
import { findRevocation, readRevocationList } from "@/lib/verify/revocation-list";
import * as verifyRoute from "@/app/api/v1/verify/route";
import { callApi } from "../support/call-api";
import { backends, useFreshDatabase } from "../support/database";
import { sessionHeaders } from "../support/principals";
import { fixtureTarball } from "../support/publish-through-review";
import { createTeam, publish, type Team } from "../support/registry-fixtures";

type Verification = { verified: boolean; reasons: { code: string; message: string }[]; name: string; version: string; integrity: string | null; keyId: string | null; signedAt: string | null; revoked: boolean };
const verify = async (body: unknown) => {
  const result = await callApi("/api/v1/verify", "POST", { body });
  return { status: result.status, body: result.body as Verification };
};

describe.each(backends)("verification and revocation on $name PostgreSQL", (backend) => {
  useFreshDatabase(backend);
  let team: Team;

  beforeAll(async () => {
    team = await createTeam("io.github.verify");
  });

  it("verifies a published version by name and version, and with the integrity the client holds", async () => {
    const version = await publish(team, "weather", "1.0.0");
    const plain = await verify({ name: version.serverName, version: "1.0.0" });
    expect(plain).toMatchObject({ status: 200, body: { verified: true, reasons: [], name: version.serverName, version: "1.0.0", integrity: version.integrity, keyId: expect.stringMatching(/^SHA256:/), revoked: false } });
    expect(new Date(plain.body.signedAt!).getTime()).toBe(version.publishedAt!.getTime());
    expect((await verify({ name: version.serverName, version: "1.0.0", integrity: version.integrity })).body.verified).toBe(true);
    const other = ssri.fromData(Buffer.from("other bytes"), { algorithms: ["sha512"] }).toString();
    const mismatch = await verify({ name: version.serverName, version: "1.0.0", integrity: other });
    expect(mismatch.body).toMatchObject({ verified: false, reasons: [{ code: "DIGEST_MISMATCH", message: expect.stringContaining("The integrity given") }] });
  });

  it("verifies the tarball itself, sent as the body, and refuses other bytes", async () => {
    const version = await publish(team, "tarball", "1.0.0");
    const query = `?name=${encodeURIComponent(version.serverName)}&version=1.0.0`;
    const send = async (bytes: Buffer) => (await callApi(`/api/v1/verify${query}`, "POST", { headers: { "content-type": "application/octet-stream" }, body: bytes })).body as Verification;
    expect(await send(fixtureTarball(version.id).bytes)).toMatchObject({ verified: true });
    const tampered = await send(Buffer.concat([fixtureTarball(version.id).bytes, Buffer.from(" ")]));
    expect(tampered.reasons.map((r) => r.code)).toEqual(["DIGEST_MISMATCH", "DIGEST_MISMATCH"]);
    expect(tampered.reasons[0]!.message).toContain("The tarball sent");
    // Hashed as it arrives, and refused past 64 MiB however it is sent.
    const huge = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 65; i++) controller.enqueue(new Uint8Array(1024 * 1024));
        controller.close();
      },
    });
    const response = await verifyRoute.POST(new Request(`http://registry.test/api/v1/verify${query}`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: huge, duplex: "half" } as RequestInit));
    expect([response.status, (await response.json()).title]).toEqual([413, "Content Too Large"]);
  });

  it("answers unknown versions and bad requests without a 500", async () => {
    expect((await verify({ name: `${team.namespace}/nothing`, version: "1.0.0" })).body).toMatchObject({ verified: false, reasons: [{ code: "NOT_FOUND" }] });
    expect((await verify({ name: "x" })).status).toBe(422);
    expect((await verify({ name: `${team.namespace}/nothing`, version: "1.0.0", integrity: "md5-abc" })).status).toBe(400);
    expect((await callApi("/api/v1/verify", "POST", { body: "{not json" })).status).toBe(400);
  });

  it("fails verification from the moment of revocation, lists the version as deleted, and signs a revocation list naming it", async () => {
    const version = await publish(team, "revoked", "1.0.0");
    const revoke = await callApi("/api/v1/revocations", "POST", { headers: await sessionHeaders(team.adminId), body: { name: version.serverName, version: "1.0.0", reason: "sends tokens to a third party" } });
    expect(revoke).toMatchObject({ status: 201, body: { revocations: [{ name: version.serverName, version: "1.0.0", reason: "sends tokens to a third party" }] } });
    const answer = await verify({ name: version.serverName, version: "1.0.0" });
    expect(answer.body).toMatchObject({ verified: false, revoked: true, reasons: [{ code: "REVOKED", message: expect.stringContaining("sends tokens to a third party") }] });
    const listed = await callApi(`/v0.1/servers/${encodeURIComponent(version.serverName)}/versions/1.0.0?include_deleted=true`);
    expect(listed.body).toMatchObject({ _meta: { "io.modelcontextprotocol.registry/official": { status: "deleted" }, "dev.sigil/review": { status: "revoked" } } });

    const [keys, trustedRoot, identities] = await Promise.all(["keys", "trusted_root", "identities"].map(async (name) => (await callApi(`/.well-known/sigil/${name}.json`)).body));
    const served = await callApi("/.well-known/sigil/revocations.json");
    expect(served.contentType).toBe("application/vnd.dev.sigstore.bundle.v0.3+json");
    const list = readRevocationList(JSON.parse(served.text), parseTrust({ keys, trustedRoot, identities }));
    expect(findRevocation(list, { name: version.serverName, version: "1.0.0" })).toMatchObject({ reason: "sends tokens to a third party", package: "pkg:npm/%40test/revoked@1.0.0" });
    expect(new Date(list.expiresAt).getTime() - new Date(list.issuedAt).getTime()).toBe(24 * 3_600_000);
  });

  it("re-signs the revocation list when it is served without a revocation it should name", async () => {
    const version = await publish(team, "unlisted", "1.0.0");
    const before = (await callApi("/.well-known/sigil/revocations.json")).text;
    // A revocation that committed while signing the list failed (the process died in between).
    await db().$transaction([
      db().serverVersion.update({ where: { id: version.id }, data: { state: VersionState.REVOKED } }),
      db().revocation.create({ data: { versionId: version.id, reason: "committed, list not signed", revokedById: team.adminId } }),
    ]);
    // Requests that find it stale together wait for one new list.
    const lists = await db().revocationList.count();
    const served = await Promise.all(Array.from({ length: 5 }, () => callApi("/.well-known/sigil/revocations.json")));
    expect(await db().revocationList.count()).toBe(lists + 1);
    expect(new Set(served.map((answer) => answer.text)).size).toBe(1);
    const after = served[0]!;
    expect(after.text).not.toBe(before);
    const [keys, trustedRoot, identities] = await Promise.all(["keys", "trusted_root", "identities"].map(async (name) => (await callApi(`/.well-known/sigil/${name}.json`)).body));
    expect(findRevocation(readRevocationList(JSON.parse(after.text), parseTrust({ keys, trustedRoot, identities })), { name: version.serverName, version: "1.0.0" })).toBeDefined();
  });

  it("revokes every version of a server at once, for admins only", async () => {
    const first = await publish(team, "kill-switch", "1.0.0");
    await publish(team, "kill-switch", "1.1.0");
    const body = { name: first.serverName, allVersions: true, reason: "maintainer account compromised" };
    expect((await callApi("/api/v1/revocations", "POST", { headers: await sessionHeaders(team.reviewerId), body })).status).toBe(403);
    const revoked = await callApi("/api/v1/revocations", "POST", { headers: await sessionHeaders(team.adminId), body });
    expect((revoked.body as { revocations: { version: string }[] }).revocations.map((r) => r.version)).toEqual(["1.0.0", "1.1.0"]);
    expect(await db().serverVersion.count({ where: { serverName: first.serverName, state: VersionState.PUBLISHED } })).toBe(0);
    expect((await callApi("/api/v1/revocations", "POST", { headers: await sessionHeaders(team.adminId), body })).status).toBe(409);
    expect((await callApi(`/v0.1/servers/${encodeURIComponent(first.serverName)}/versions`)).status).toBe(404);
  });

  it("fails what a key signed after an admin marked it compromised, and keeps verifying what it signed before", async () => {
    const before = await publish(team, "compromise", "1.0.0");
    const after = await publish(team, "compromise", "1.1.0");
    // A revocation list signed after the compromise began, as the half-life re-signing would.
    await issueRevocationList();
    const { keyId } = await db().attestation.findUniqueOrThrow({ where: { versionId: after.id } });
    const from = new Date(after.publishedAt!.getTime() - 1);
    const mark = await callApi("/api/v1/signing-keys/compromised", "POST", { headers: await sessionHeaders(team.adminId), body: { keyId, from: from.toISOString(), reason: "the key file leaked in a backup" } });
    expect(mark).toMatchObject({ status: 200, body: { keyId, validTo: from.toISOString(), compromisedReason: "the key file leaked in a backup" } });
    expect((await verify({ name: after.serverName, version: "1.1.0" })).body.reasons.map((r) => r.code)).toEqual(["KEY_NOT_VALID"]);
    expect((await verify({ name: before.serverName, version: "1.0.0" })).body.verified).toBe(true);
    const keys = (await callApi("/.well-known/sigil/keys.json")).body as { keys: { keyId: string; publicKey: { validFor: { end?: string } } }[] };
    expect(keys.keys.find((k) => k.keyId === keyId)?.publicKey.validFor.end).toBe(from.toISOString());
    const events = await db().auditEvent.findMany({ where: { action: "signing_key.compromised" } });
    expect(events).toHaveLength(1);
    // The newest revocation list was signed after the compromise began: it is not served again,
    // and the registry, which has no other key, says it cannot sign one.
    const list = await callApi("/.well-known/sigil/revocations.json");
    expect(list).toMatchObject({ status: 503, body: { title: "Revocation List Unavailable", detail: expect.stringContaining("Restart it with a valid signing key") } });
  });
});

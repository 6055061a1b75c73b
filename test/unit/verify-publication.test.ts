import { BUNDLE_V03_MEDIA_TYPE } from "@sigstore/bundle";
import { describe, expect, it } from "vitest";
import { signStatement } from "@/lib/signing/sign-statement";
import { REVOCATION_LIST_PAYLOAD_TYPE, REVOCATION_LIST_TYPE, findRevocation, readRevocationList } from "@/lib/verify/revocation-list";
import { verifyPublication } from "@/lib/verify/verify-publication";
import { fixturePublication, newRegistryKey, signerFor, statementFor, trustIn } from "../support/signing-fixtures";

type BundleJson = Awaited<ReturnType<typeof signStatement>> & { dsseEnvelope: { payload: string; payloadType: string; signatures: { sig: string; keyid: string }[] }; verificationMaterial: { publicKey: { hint: string } } };

const publication = fixturePublication();
const key = newRegistryKey();
const trust = trustIn([{ key }]);
const sign = async (statement: object = statementFor(publication), signingKey = key) => (await signStatement(statement, signerFor(signingKey))) as BundleJson;
const codes = (verdict: ReturnType<typeof verifyPublication>) => verdict.reasons.map((reason) => reason.code);

describe("a publication signed with the registry key", () => {
  it("is a v0.3 DSSE bundle naming the key, with no private material, and verifies", async () => {
    const bundle = await sign();
    expect(bundle.mediaType).toBe(BUNDLE_V03_MEDIA_TYPE);
    expect(bundle.verificationMaterial.publicKey.hint).toBe(key.keyId);
    expect(JSON.stringify(bundle)).not.toMatch(/PRIVATE/);
    const verdict = verifyPublication({ bundle, expected: publication.expected, trust });
    expect(verdict).toMatchObject({ verified: true, reasons: [], signer: { kind: "registry-key", keyId: key.keyId } });
    expect(verdict.statement?.predicate.server).toEqual(publication.expected.server);
  });

  it("fails with SIGNATURE_INVALID when the payload was changed after signing", async () => {
    const bundle = await sign();
    const forged = structuredClone(bundle);
    forged.dsseEnvelope.payload = Buffer.from(JSON.stringify(statementFor(publication, { serverName: "io.github.mallory/weather" }))).toString("base64");
    expect(codes(verifyPublication({ bundle: forged, expected: publication.expected, trust }))).toEqual(["SIGNATURE_INVALID"]);
  });

  it("fails with SIGNATURE_INVALID when the signature was changed", async () => {
    const bundle = await sign();
    const signature = Buffer.from(bundle.dsseEnvelope.signatures[0]!.sig, "base64");
    signature.writeUInt8(signature.readUInt8(signature.length - 1) ^ 0x01, signature.length - 1);
    const tampered = structuredClone(bundle);
    tampered.dsseEnvelope.signatures[0]!.sig = signature.toString("base64");
    expect(codes(verifyPublication({ bundle: tampered, expected: publication.expected, trust }))).toEqual(["SIGNATURE_INVALID"]);
  });

  it("fails with SIGNATURE_INVALID when another key signed it under a trusted key's id", async () => {
    const other = newRegistryKey();
    const bundle = await sign(statementFor(publication), other);
    bundle.verificationMaterial.publicKey.hint = key.keyId;
    expect(codes(verifyPublication({ bundle, expected: publication.expected, trust }))).toEqual(["SIGNATURE_INVALID"]);
  });

  it("fails with KEY_UNKNOWN when signed by a key the client does not trust", async () => {
    const bundle = await sign(statementFor(publication), newRegistryKey());
    const verdict = verifyPublication({ bundle, expected: publication.expected, trust });
    expect(codes(verdict)).toEqual(["KEY_UNKNOWN"]);
    expect(verdict.reasons[0]!.message).toMatch(/not trusted/);
  });

  it("fails with SUBJECT_MISMATCH when it signs another package, or another server", async () => {
    const otherPackage = await sign(statementFor(publication, { packageName: "@mallory/weather-mcp" }));
    expect(verifyPublication({ bundle: otherPackage, expected: publication.expected, trust }).reasons).toEqual([
      { code: "SUBJECT_MISMATCH", message: expect.stringContaining("not pkg:npm/%40alice/weather-mcp@2.1.0") },
    ]);
    const otherServer = await sign(statementFor(publication, { serverName: "io.github.alice/forecast" }));
    expect(codes(verifyPublication({ bundle: otherServer, expected: publication.expected, trust }))).toEqual(["SUBJECT_MISMATCH"]);
  });

  it("fails with SUBJECT_MISMATCH when the server.json given is not the one reviewed", async () => {
    const bundle = await sign();
    expect(verifyPublication({ bundle, expected: { ...publication.expected, serverJsonDigest: "5e".repeat(32) }, trust }).verified).toBe(true);
    const verdict = verifyPublication({ bundle, expected: { ...publication.expected, serverJsonDigest: "00".repeat(32) }, trust });
    expect(verdict.reasons).toEqual([{ code: "SUBJECT_MISMATCH", message: expect.stringContaining("not the one that was reviewed") }]);
  });

  it("fails with DIGEST_MISMATCH when the tarball's bytes are not the ones signed", async () => {
    const bundle = await sign();
    const other = fixturePublication(Buffer.from("a tarball with one byte changed"));
    const verdict = verifyPublication({ bundle, expected: { ...publication.expected, digests: other.expected.digests }, trust });
    expect(codes(verdict)).toEqual(["DIGEST_MISMATCH", "DIGEST_MISMATCH"]);
    expect(verdict.reasons[0]!.message).toMatch(/not the bytes that were reviewed/);
  });

  it("fails with STATEMENT_INVALID for another payload type or predicate", async () => {
    const wrongType = (await signerFor(key).sign(Buffer.from(JSON.stringify(statementFor(publication))), "application/json")) as BundleJson;
    expect(codes(verifyPublication({ bundle: wrongType, expected: publication.expected, trust }))).toEqual(["STATEMENT_INVALID"]);
    const wrongPredicate = await sign({ ...statementFor(publication), predicateType: "https://slsa.dev/provenance/v1" });
    expect(verifyPublication({ bundle: wrongPredicate, expected: publication.expected, trust }).reasons[0]).toMatchObject({ code: "STATEMENT_INVALID", message: expect.stringContaining("slsa.dev") });
  });

  it("fails with KEY_NOT_VALID when it states a signing time outside the key's validity", async () => {
    const rotatedAt = new Date(Date.now() - 60_000);
    const bundle = await sign(statementFor(publication, { publishedAt: new Date() }));
    const rotated = trustIn([{ key, end: rotatedAt }]);
    expect(codes(verifyPublication({ bundle, expected: publication.expected, trust: rotated }))).toEqual(["KEY_NOT_VALID"]);
    const early = await sign(statementFor(publication, { publishedAt: new Date(rotatedAt.getTime() - 60_000) }));
    expect(verifyPublication({ bundle: early, expected: publication.expected, trust: rotated }).verified).toBe(true);
  });

  it("fails with REVOKED when the version is revoked, whatever else holds", async () => {
    const verdict = verifyPublication({ bundle: await sign(), expected: publication.expected, trust, revocation: { revokedAt: "2026-12-01T00:00:00.000Z", reason: "leaked a token" } });
    expect(verdict.reasons).toEqual([{ code: "REVOKED", message: "Revoked at 2026-12-01T00:00:00.000Z: leaked a token" }]);
  });

  it("never throws on something that is not a bundle", () => {
    for (const bundle of [null, "text", { mediaType: BUNDLE_V03_MEDIA_TYPE }, { dsseEnvelope: {} }]) {
      expect(codes(verifyPublication({ bundle, expected: publication.expected, trust }))).toEqual(["BUNDLE_INVALID"]);
    }
  });
});

describe("the signed revocation list", () => {
  const list = (issuedAt: Date, expiresAt: Date) => ({
    _type: REVOCATION_LIST_TYPE,
    registry: "http://localhost:3000",
    issuedAt: issuedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    revoked: [{ server: publication.expected.server, package: "pkg:npm/%40alice/weather-mcp@2.1.0", digest: { sha512: publication.expected.digests[0]!.sha512 }, revokedAt: issuedAt.toISOString(), reason: "exfiltrates tokens" }],
  });
  const signList = (document: object, signingKey = key) => signerFor(signingKey).sign(Buffer.from(JSON.stringify(document)), REVOCATION_LIST_PAYLOAD_TYPE);
  const hour = 3_600_000;

  it("is read when current, and names the revoked version by server version or by tarball digest", async () => {
    const read = readRevocationList(await signList(list(new Date(), new Date(Date.now() + hour))), trust);
    expect(findRevocation(read, publication.expected.server)?.reason).toBe("exfiltrates tokens");
    expect(findRevocation(read, { name: "io.github.alice/weather", version: "9.9.9" }, publication.expected.digests[0]!.sha512)?.reason).toBe("exfiltrates tokens");
    expect(findRevocation(read, { name: "io.github.alice/weather", version: "9.9.9" })).toBeUndefined();
  });

  it("is refused when it says it was issued in the future, or is valid for longer than any registry issues one for", async () => {
    const future = new Date(Date.now() + 2 * hour);
    await expect(async () => readRevocationList(await signList(list(future, new Date(future.getTime() + hour))), trust)).rejects.toMatchObject({ code: "REVOCATION_LIST_INVALID", message: expect.stringMatching(/impossible signing time|has not come yet/) });
    await expect(async () => readRevocationList(await signList(list(new Date(), new Date(Date.now() + 40 * 24 * hour))), trust)).rejects.toMatchObject({ message: expect.stringMatching(/longer than any registry issues one for/) });
  });

  it("is refused once expired, when signed by an untrusted key, and when it is a publication instead", async () => {
    await expect(async () => readRevocationList(await signList(list(new Date(Date.now() - 2 * hour), new Date(Date.now() - hour))), trust)).rejects.toMatchObject({ code: "REVOCATION_LIST_INVALID", message: expect.stringMatching(/expired at/) });
    await expect(async () => readRevocationList(await signList(list(new Date(), new Date(Date.now() + hour)), newRegistryKey()), trust)).rejects.toMatchObject({ code: "REVOCATION_LIST_INVALID", message: expect.stringMatching(/not trusted/) });
    await expect(async () => readRevocationList(await sign(), trust)).rejects.toMatchObject({ code: "REVOCATION_LIST_INVALID", message: expect.stringMatching(/carries application\/vnd.in-toto\+json/) });
  });
});

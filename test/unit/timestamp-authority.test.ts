import type { CertificateAuthority } from "@sigstore/protobuf-specs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rfc3161Witness } from "@/lib/signing/rfc3161-witness";
import { readCertificateChain } from "@/lib/signing/signing-setup";
import { signStatement } from "@/lib/signing/sign-statement";
import { verifyPublication } from "@/lib/verify/verify-publication";
import { startOpensslTsa } from "../support/openssl-tsa";
import { fixturePublication, newRegistryKey, signerFor, statementFor, trustIn } from "../support/signing-fixtures";

type Tsa = Awaited<ReturnType<typeof startOpensslTsa>>;
let tsa: Tsa;
beforeAll(async () => {
  tsa = await startOpensslTsa();
});
afterAll(() => tsa?.close());

/** trusted_root.json's entry for the test authority, in use from `start`. */
const authority = (start: Date, end?: Date): CertificateAuthority => ({
  subject: { organization: "Sigil tests", commonName: "Test TSA" },
  uri: tsa.url,
  operator: "",
  certChain: { certificates: readCertificateChain(tsa.chainPem, "the test TSA").map((certificate) => ({ rawBytes: certificate.raw })) },
  validFor: { start, end },
});

const publication = fixturePublication();
const hour = 3_600_000;

describe("RFC 3161 timestamps from a timestamp authority", () => {
  it("are added to registry-key bundles, and the bundle verifies with the authority trusted", async () => {
    const key = newRegistryKey();
    const before = tsa.requests();
    const bundle = await signStatement(statementFor(publication), signerFor(key, [new Rfc3161Witness(tsa.url)]));
    expect(tsa.requests()).toBe(before + 1);
    expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1);
    const verdict = verifyPublication({ bundle, expected: publication.expected, trust: trustIn([{ key }], [authority(new Date(Date.now() - hour))]) });
    expect(verdict).toMatchObject({ verified: true, reasons: [] });
    // The authority's time, in whole seconds: the signing time that counts.
    expect(Math.abs(new Date(verdict.signedAt!).getTime() - Date.now())).toBeLessThan(60_000);
    expect(new Date(verdict.signedAt!).getMilliseconds()).toBe(0);
  });

  it("make a key's validity window enforceable: a key used after its end fails with KEY_NOT_VALID, whatever time the statement claims", async () => {
    const key = newRegistryKey();
    // The statement claims it was signed an hour ago, inside the key's window; the authority says now.
    const backdated = await signStatement(statementFor(publication, { publishedAt: new Date(Date.now() - hour) }), signerFor(key, [new Rfc3161Witness(tsa.url)]));
    const keyRetired = trustIn([{ key, start: new Date(Date.now() - 2 * hour), end: new Date(Date.now() - 30 * 60_000) }], [authority(new Date(Date.now() - 3 * hour))]);
    const verdict = verifyPublication({ bundle: backdated, expected: publication.expected, trust: keyRetired });
    expect(verdict.reasons).toEqual([{ code: "KEY_NOT_VALID", message: expect.stringContaining("not valid when the bundle was timestamped") }]);
  });

  it("are required while the registry timestamps: a bundle without one, backdated into the key's window, fails with TIMESTAMP_INVALID", async () => {
    const key = newRegistryKey();
    const untimestamped = await signStatement(statementFor(publication, { publishedAt: new Date(Date.now() - hour) }), signerFor(key));
    const trust = trustIn([{ key, start: new Date(Date.now() - 2 * hour) }], [authority(new Date(Date.now() - 3 * hour))]);
    expect(verifyPublication({ bundle: untimestamped, expected: publication.expected, trust }).reasons.map((r) => r.code)).toEqual(["TIMESTAMP_INVALID"]);
    // Signed before the registry began timestamping: checked against the time it states.
    const older = await signStatement(statementFor(publication, { publishedAt: new Date(Date.now() - 4 * hour) }), signerFor(key));
    const keyFromEarlier = trustIn([{ key, start: new Date(Date.now() - 5 * hour) }], [authority(new Date(Date.now() - 3 * hour))]);
    expect(verifyPublication({ bundle: older, expected: publication.expected, trust: keyFromEarlier }).verified).toBe(true);
  });

  it("from an authority the client does not trust fail with TIMESTAMP_INVALID", async () => {
    const key = newRegistryKey();
    const bundle = await signStatement(statementFor(publication), signerFor(key, [new Rfc3161Witness(tsa.url)]));
    expect(verifyPublication({ bundle, expected: publication.expected, trust: trustIn([{ key }]) }).reasons.map((r) => r.code)).toEqual(["TIMESTAMP_INVALID"]);
  });

  it("are refused at signing when the authority does not answer with a timestamp", async () => {
    const witness = new Rfc3161Witness(`${tsa.url}`.replace(/\d+\/$/, "9/"), 2000);
    await expect(signStatement(statementFor(publication), signerFor(newRegistryKey(), [witness]))).rejects.toThrow(/could not be reached/);
  });
});

import crypto from "node:crypto";
import { BUNDLE_V03_MEDIA_TYPE } from "@sigstore/bundle";
import { describe, expect, it } from "vitest";
import { keyIdOf, type RegistryKey } from "@/lib/signing/registry-key";
import { IN_TOTO_PAYLOAD_TYPE, signStatement } from "@/lib/signing/sign-statement";
import { type TrustedKey, verifyRegistryBundle } from "@/lib/signing/verify-registry-bundle";

function newKey(): RegistryKey {
  const { privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const publicKeyDer = crypto.createPublicKey(privateKey).export({ type: "spki", format: "der" });
  return { keyId: keyIdOf(publicKeyDer), privateKey, publicKeyDer };
}
type DsseBundleJson = Awaited<ReturnType<typeof signStatement>> & { dsseEnvelope: { payload: string; signatures: { sig: string }[] } };
const trusted = (key: RegistryKey): TrustedKey => ({ keyId: key.keyId, rawBytes: key.publicKeyDer, validFrom: new Date(0) });

const statement = {
  _type: "https://in-toto.io/Statement/v1",
  subject: [{ name: "pkg:npm/%40alice/weather@2.1.0", digest: { sha512: "ab".repeat(64), sha256: "cd".repeat(32) } }],
  predicateType: "https://sigil.dev/attestation/review/v1",
  predicate: { server: "io.github.alice/weather", version: "2.1.0" },
};

describe("a statement signed with the registry key", () => {
  it("is a v0.3 DSSE bundle naming the key, and verifies with @sigstore/verify against that key", async () => {
    const key = newKey();
    const bundle = await signStatement(statement, key);
    expect(bundle.mediaType).toBe(BUNDLE_V03_MEDIA_TYPE);
    expect(bundle.verificationMaterial).toMatchObject({ publicKey: { hint: key.keyId } });
    expect(JSON.stringify(bundle)).not.toMatch(/PRIVATE/);
    expect(verifyRegistryBundle(bundle, [trusted(key)])).toEqual({ payloadType: IN_TOTO_PAYLOAD_TYPE, statement, keyId: key.keyId });
  });

  it("fails when the payload was changed, when the key is not trusted, and when the signature is another key's", async () => {
    const key = newKey();
    const bundle = (await signStatement(statement, key)) as DsseBundleJson;

    const forged = structuredClone(bundle);
    forged.dsseEnvelope.payload = Buffer.from(JSON.stringify({ ...statement, predicate: { server: "io.github.mallory/weather" } })).toString("base64");
    expect(() => verifyRegistryBundle(forged, [trusted(key)])).toThrow(/signature verification failed/);

    expect(() => verifyRegistryBundle(bundle, [trusted(newKey())])).toThrow(/key/i);

    const other = newKey();
    const resigned = structuredClone(bundle);
    resigned.dsseEnvelope.signatures[0]!.sig = ((await signStatement(statement, other)) as DsseBundleJson).dsseEnvelope.signatures[0]!.sig;
    expect(() => verifyRegistryBundle(resigned, [trusted(key), trusted(other)])).toThrow(/signature verification failed/);
  });
});

import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { registryKeyPayloadSigner } from "@/lib/signing/payload-signer";
import { registerSigningKey } from "@/lib/signing/register-signing-key";
import { registerSigningSetup } from "@/lib/signing/register-signing-setup";
import { parseTrust } from "@/lib/verify/trust-material";
import { keyIdOf, type RegistryKey } from "@/lib/signing/registry-key";
import { callApi } from "../support/call-api";
import { backends, useFreshDatabase } from "../support/database";
import { startOpensslTsa } from "../support/openssl-tsa";

function newKey(): RegistryKey {
  const { privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const publicKeyDer = crypto.createPublicKey(privateKey).export({ type: "spki", format: "der" });
  return { keyId: keyIdOf(publicKeyDer), privateKey, publicKeyDer };
}

describe.each(backends.slice(0, 1))("signing keys on $name PostgreSQL", (backend) => {
  useFreshDatabase(backend);

  it("registers a key once, rotates to a new one, and publishes both in npm's keys.json shape", async () => {
    const first = newKey();
    await registerSigningKey(first, { rotate: true });
    await registerSigningKey(first);
    expect(await db().auditEvent.count({ where: { action: "signing_key.registered", data: { path: ["keyId"], equals: first.keyId } } })).toBe(1);

    // Another key replaces the registry's only when the start says so.
    const second = newKey();
    const refusal = registerSigningKey(second);
    await expect(refusal).rejects.toMatchObject({ detail: expect.stringContaining(`signs with the key ${first.keyId}, but this process is configured with ${second.keyId}`) });
    await expect(refusal).rejects.toMatchObject({ detail: expect.stringContaining("SIGIL_SIGNING_ROTATE=true") });
    await registerSigningKey(second, { rotate: true });
    const served = await callApi("/.well-known/sigil/keys.json");
    expect(served.status).toBe(200);
    // After the key this test process registered when its database was made.
    const { keys } = served.body as { keys: { keyId: string; publicKey: { rawBytes: string; keyDetails: string; validFor: { start: string; end?: string } } }[] };
    expect(keys.map((k) => k.keyId).slice(1)).toEqual([first.keyId, second.keyId]);
    keys.shift();
    // The old key signed until the new one took over (which starts at the top of that second, as timestamps do); it keeps verifying what it signed.
    const handover = new Date(keys[0]!.publicKey.validFor.end!).getTime() - new Date(keys[1]!.publicKey.validFor.start).getTime();
    expect(handover).toBeGreaterThanOrEqual(0);
    expect(handover).toBeLessThan(1000);
    expect(keys[1]!.publicKey.validFor.end).toBeUndefined();
    for (const [served, key] of [[keys[0]!, first], [keys[1]!, second]] as const) {
      expect(served.publicKey.keyDetails).toBe("PKIX_ECDSA_P256_SHA_256");
      expect(Buffer.from(served.publicKey.rawBytes, "base64").equals(key.publicKeyDer)).toBe(true);
      // A signature by the private key verifies with the published bytes.
      const signature = crypto.sign("sha256", Buffer.from("sigil"), key.privateKey);
      const published = crypto.createPublicKey({ key: Buffer.from(served.publicKey.rawBytes, "base64"), format: "der", type: "spki" });
      expect(crypto.verify("sha256", Buffer.from("sigil"), published, signature)).toBe(true);
    }
    expect(served.text).not.toMatch(/PRIVATE/);

    // Going back to the retired key is refused: its signatures would fall outside its validity.
    await expect(registerSigningKey(first)).rejects.toMatchObject({ detail: expect.stringContaining("was retired at") });
  });

  it("records the timestamp authority and keyless identity a start is configured with, and retires what it stops using", async () => {
    const tsa = await startOpensslTsa();
    try {
      const key = newKey();
      const timestamped = { signer: registryKeyPayloadSigner(key), registryKey: key, timestampAuthority: { url: tsa.url, certChainPem: tsa.chainPem } };
      await registerSigningSetup(timestamped, { rotate: true });
      await registerSigningSetup(timestamped);
      const root = TrustedRoot.fromJSON((await callApi("/.well-known/sigil/trusted_root.json")).body);
      expect(root.timestampAuthorities.map((authority) => [authority.uri, authority.subject?.commonName, authority.certChain?.certificates.length, authority.validFor?.end])).toEqual([[tsa.url, "Test TSA", 2, undefined]]);

      // Keyless from now on: the registry key and the authority stop (the authority was not configured again).
      const identity = { issuer: "https://token.actions.githubusercontent.com", subjectAlternativeName: "https://github.com/sigil-dev/registry/.github/workflows/publish.yml@refs/heads/main" };
      const keyless = { signer: registryKeyPayloadSigner(key), identity };
      await expect(registerSigningSetup(keyless)).rejects.toMatchObject({ detail: expect.stringContaining("configured for keyless signing") });
      await registerSigningSetup(keyless, { rotate: true });
      const [keys, trustedRoot, identities] = await Promise.all(["keys", "trusted_root", "identities"].map(async (name) => (await callApi(`/.well-known/sigil/${name}.json`)).body));
      const trust = parseTrust({ keys, trustedRoot, identities });
      expect(trust.keys.keys.every((k) => k.publicKey.validFor.end)).toBe(true);
      expect(trust.trustedRoot.timestampAuthorities[0]!.validFor?.end).toBeInstanceOf(Date);
      expect(trust.identities.identities).toEqual([{ ...identity, validFor: { start: expect.any(String) } }]);
      const actions = (await db().auditEvent.findMany({ where: { action: { in: ["timestamp_authority.registered", "timestamp_authority.retired", "signing_identity.registered", "signing_key.retired"] } }, orderBy: { seq: "asc" } })).map((e) => e.action);
      expect(actions).toEqual(["timestamp_authority.registered", "signing_key.retired", "signing_identity.registered", "timestamp_authority.retired"]);
      await expect(registerSigningSetup(timestamped, { rotate: true })).rejects.toMatchObject({ detail: expect.stringContaining("cannot sign again") });
    } finally {
      await tsa.close();
    }
  });
});

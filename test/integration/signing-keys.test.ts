import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { registerSigningKey } from "@/lib/signing/register-signing-key";
import { keyIdOf, type RegistryKey } from "@/lib/signing/registry-key";
import { callApi } from "../support/call-api";
import { backends, useFreshDatabase } from "../support/database";

function newKey(): RegistryKey {
  const { privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const publicKeyDer = crypto.createPublicKey(privateKey).export({ type: "spki", format: "der" });
  return { keyId: keyIdOf(publicKeyDer), privateKey, publicKeyDer };
}

describe.each(backends.slice(0, 1))("signing keys on $name PostgreSQL", (backend) => {
  useFreshDatabase(backend);

  it("registers a key once, rotates to a new one, and publishes both in npm's keys.json shape", async () => {
    const first = newKey();
    await registerSigningKey(first);
    await registerSigningKey(first);
    expect(await db().auditEvent.count({ where: { action: "signing_key.registered" } })).toBe(1);

    const second = newKey();
    await registerSigningKey(second);
    const served = await callApi("/.well-known/sigil/keys.json");
    expect(served.status).toBe(200);
    const { keys } = served.body as { keys: { keyId: string; publicKey: { rawBytes: string; keyDetails: string; validFor: { start: string; end?: string } } }[] };
    expect(keys.map((k) => k.keyId)).toEqual([first.keyId, second.keyId]);
    // The old key signed until the new one took over; it keeps verifying what it signed.
    expect(keys[0]!.publicKey.validFor.end).toBe(keys[1]!.publicKey.validFor.start);
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
});

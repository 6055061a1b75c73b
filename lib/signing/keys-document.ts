import crypto from "node:crypto";
import { db } from "@/lib/db/client";

/** Every signing key with its validity and, once marked, why it is no longer trusted; oldest first. */
export const listSigningKeys = () => db().signingKey.findMany({ orderBy: { validFrom: "asc" } });

/**
 * The registry's public keys in npm's keys.json shape, oldest first, each with the time it
 * signs from and, once rotated or marked compromised, until. Clients pin this document.
 */
export async function keysDocument() {
  const keys = await listSigningKeys();
  return {
    keys: keys.map((key) => ({
      keyId: key.keyId,
      publicKey: {
        rawBytes: crypto.createPublicKey(key.publicKeyPem).export({ type: "spki", format: "der" }).toString("base64"),
        keyDetails: "PKIX_ECDSA_P256_SHA_256",
        validFor: { start: key.validFrom.toISOString(), ...(key.validTo ? { end: key.validTo.toISOString() } : {}) },
      },
    })),
  };
}

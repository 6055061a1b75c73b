import crypto from "node:crypto";
import type { Signature, Signer } from "@sigstore/sign";
import type { RegistryKey } from "@/lib/signing/registry-key";

/**
 * @sigstore/sign's Signer over the registry's own key: ECDSA P-256 with SHA-256, the public key
 * named by its key id in the bundle (the `publicKey` hint). A KMS-backed Signer would keep the
 * same shape and call the KMS here.
 */
export class RegistryKeySigner implements Signer {
  constructor(private readonly key: RegistryKey) {}

  async sign(data: Buffer): Promise<Signature> {
    const signature = crypto.sign("sha256", data, this.key.privateKey);
    const publicKey = crypto.createPublicKey(this.key.privateKey).export({ type: "spki", format: "pem" }).toString();
    return { signature, key: { $case: "publicKey", publicKey, hint: this.key.keyId } };
  }
}

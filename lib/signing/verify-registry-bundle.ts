import { bundleFromJSON } from "@sigstore/bundle";
import { PublicKeyDetails, type TrustedRoot } from "@sigstore/protobuf-specs";
import { toSignedEntity, toTrustMaterial, Verifier } from "@sigstore/verify";

export interface TrustedKey {
  keyId: string;
  /** DER SubjectPublicKeyInfo. */
  rawBytes: Buffer;
  validFrom: Date;
  validTo?: Date;
}

const EMPTY_ROOT: TrustedRoot = { mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1", tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] };

/**
 * Verifies a bundle signed with a registry key against the keys a client trusts, with
 * @sigstore/verify: the DSSE signature over the payload, by a key named in the trust material.
 * Registry-key bundles carry no transparency-log entry, certificate or timestamp, so those
 * thresholds are 0 (the library's defaults demand them). Returns the statement the envelope
 * carries; checking it (type, subject, digests) is the caller's job, as the library does not.
 * Throws a VerificationError otherwise.
 */
export function verifyRegistryBundle(serialized: unknown, keys: TrustedKey[]): { payloadType: string; statement: unknown; keyId: string } {
  const bundle = bundleFromJSON(serialized);
  const publicKeys = Object.fromEntries(
    keys.map((key) => [
      key.keyId,
      {
        rawBytes: key.rawBytes,
        keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
        validFor: { start: key.validFrom, ...(key.validTo ? { end: key.validTo } : {}) },
      },
    ]),
  );
  const verifier = new Verifier(toTrustMaterial(EMPTY_ROOT, publicKeys), { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  verifier.verify(toSignedEntity(bundle));
  if (bundle.content.$case !== "dsseEnvelope" || bundle.verificationMaterial.content.$case !== "publicKey") {
    throw new Error("The bundle is not a DSSE envelope signed with a registry key.");
  }
  const envelope = bundle.content.dsseEnvelope;
  return { payloadType: envelope.payloadType, statement: JSON.parse(envelope.payload.toString("utf8")), keyId: bundle.verificationMaterial.content.publicKey.hint };
}

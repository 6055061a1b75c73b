import { bundleFromJSON } from "@sigstore/bundle";
import { PolicyError, toSignedEntity, VerificationError, Verifier } from "@sigstore/verify";
import { type SigilTrust, sigstoreTrustMaterial } from "@/lib/verify/trust-material";
import { VerificationFailure } from "@/lib/verify/verification-failure";

export type BundleSigner = { kind: "registry-key"; keyId: string } | { kind: "keyless"; issuer: string; subjectAlternativeName: string };

/** A bundle whose signature verified: what it carries, who signed it, and the times that vouch for the signing. */
export interface VerifiedBundle {
  payloadType: string;
  payload: Buffer;
  signer: BundleSigner;
  /** Signing times attested by a trusted timestamp authority or transparency log, already checked against the signer. */
  timestamps: Date[];
}

// @sigstore/verify reads a SAN policy as an unanchored pattern: the pinned identity must match whole.
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

/**
 * Verifies a Sigstore bundle's DSSE signature with @sigstore/verify against the client's trust:
 * registry-key bundles by a key of keys.json (they carry no log entry or certificate, so those
 * thresholds are 0; timestamps, when present, are verified against the root's authorities and
 * the key's validity), keyless bundles by a Fulcio certificate with its SCT, a Rekor entry and
 * one of the pinned identities. Checking what the payload says is the caller's job.
 */
export function verifyBundle(serialized: unknown, trust: SigilTrust): VerifiedBundle {
  let bundle;
  try {
    bundle = bundleFromJSON(serialized);
  } catch (error) {
    throw new VerificationFailure("BUNDLE_INVALID", `Not a Sigstore bundle: ${(error as Error).message}`);
  }
  if (bundle.content.$case !== "dsseEnvelope") throw new VerificationFailure("BUNDLE_INVALID", "The bundle carries a message signature, not a DSSE envelope.");
  const envelope = bundle.content.dsseEnvelope;
  const material = bundle.verificationMaterial.content;
  try {
    const entity = toSignedEntity(bundle);
    let signer: BundleSigner;
    if (material.$case === "publicKey") {
      new Verifier(sigstoreTrustMaterial(trust), { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(entity);
      signer = { kind: "registry-key", keyId: material.publicKey.hint };
    } else {
      signer = verifyKeyless(new Verifier(sigstoreTrustMaterial(trust)), entity, trust);
    }
    const timestamps = entity.timestamps.flatMap((timestamp) => {
      if (timestamp.$case === "timestamp-authority") return [timestamp.timestamp.signingTime];
      // Only entries with an inclusion promise attest a time (as @sigstore/verify counts them).
      return timestamp.tlogEntry.inclusionPromise ? [new Date(Number(timestamp.tlogEntry.integratedTime) * 1000)] : [];
    });
    return { payloadType: envelope.payloadType, payload: envelope.payload, signer, timestamps };
  } catch (error) {
    throw failureOf(error);
  }
}

function verifyKeyless(verifier: Verifier, entity: ReturnType<typeof toSignedEntity>, trust: SigilTrust): BundleSigner {
  if (!trust.identities.identities.length) throw new VerificationFailure("IDENTITY_MISMATCH", "The bundle is signed keyless, but no keyless identity is trusted.");
  let refusal: PolicyError | undefined;
  for (const identity of trust.identities.identities) {
    try {
      verifier.verify(entity, { subjectAlternativeName: exactly(identity.subjectAlternativeName), extensions: { issuer: identity.issuer } });
      return { kind: "keyless", issuer: identity.issuer, subjectAlternativeName: identity.subjectAlternativeName };
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      refusal = error;
    }
  }
  throw new VerificationFailure("IDENTITY_MISMATCH", `Signed by an identity that is not trusted: ${refusal?.message}`);
}

function failureOf(error: unknown): VerificationFailure {
  if (error instanceof VerificationFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof PolicyError) return new VerificationFailure("IDENTITY_MISMATCH", message);
  if (!(error instanceof VerificationError)) return new VerificationFailure("BUNDLE_INVALID", `The bundle could not be verified: ${message}`);
  switch (error.code) {
    case "SIGNATURE_ERROR":
      return new VerificationFailure("SIGNATURE_INVALID", "The signature does not match the signed payload: the payload or the signature was changed, or another key signed it.");
    case "PUBLIC_KEY_ERROR":
      return /not found/.test(message)
        ? new VerificationFailure("KEY_UNKNOWN", `The bundle names a key that is not trusted (${message}).`)
        : new VerificationFailure("KEY_NOT_VALID", `The signing key was not valid when the bundle was timestamped (${message}).`);
    case "TIMESTAMP_ERROR":
      return new VerificationFailure("TIMESTAMP_INVALID", `A timestamp does not verify: ${message}.`);
    case "CERTIFICATE_ERROR":
      return new VerificationFailure("CERTIFICATE_INVALID", `The signing certificate does not verify: ${message}.`);
    case "NOT_IMPLEMENTED_ERROR":
      return new VerificationFailure("BUNDLE_INVALID", `The bundle uses something Sigil cannot verify: ${message}.`);
    default:
      return new VerificationFailure("TLOG_INVALID", `The transparency-log entry does not verify: ${message}.`);
  }
}

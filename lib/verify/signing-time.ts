import type { VerifiedBundle } from "@/lib/verify/verify-bundle";
import { type SigilTrust, timestampRequiredAt, withinValidity } from "@/lib/verify/trust-material";
import { VerificationFailure } from "@/lib/verify/verification-failure";

// Clocks differ; a statement a few minutes "ahead" is still the registry's own.
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * When the bundle was signed, with the signer's validity checked at that time. A timestamp
 * authority's or log's time is what counts when there is one (@sigstore/verify has checked the
 * key against it); otherwise the time the signed payload states, which the signer chose itself,
 * so while the trust root lists a timestamp authority in use, registry-key signatures must
 * carry its timestamp: that is what makes a key's validity window enforceable.
 */
export function checkSigningTime(verified: VerifiedBundle, stated: Date, trust: SigilTrust, now: Date): Date {
  if (verified.timestamps.length) {
    const signedAt = new Date(Math.min(...verified.timestamps.map((time) => time.getTime())));
    if (verified.signer.kind === "keyless") {
      const { issuer, subjectAlternativeName } = verified.signer;
      const pinned = trust.identities.identities.filter((identity) => identity.issuer === issuer && identity.subjectAlternativeName === subjectAlternativeName);
      if (!pinned.some((identity) => withinValidity(identity.validFor, signedAt))) {
        throw new VerificationFailure("IDENTITY_MISMATCH", `The identity ${subjectAlternativeName} was not trusted to sign at ${signedAt.toISOString()}.`);
      }
    }
    return signedAt;
  }
  if (verified.signer.kind !== "registry-key") throw new VerificationFailure("TIMESTAMP_INVALID", "A keyless signature without a verified log timestamp.");
  if (Number.isNaN(stated.getTime()) || stated.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new VerificationFailure("TIMESTAMP_INVALID", `The signed payload states an impossible signing time (${Number.isNaN(stated.getTime()) ? "none" : stated.toISOString()}).`);
  }
  if (timestampRequiredAt(trust, stated)) {
    throw new VerificationFailure("TIMESTAMP_INVALID", `States it was signed at ${stated.toISOString()}, when this registry timestamped every signature, but carries no timestamp.`);
  }
  const { keyId } = verified.signer;
  const key = trust.keys.keys.find((candidate) => candidate.keyId === keyId);
  if (!key) throw new VerificationFailure("KEY_UNKNOWN", `The key ${keyId} is not trusted.`);
  if (!withinValidity(key.publicKey.validFor, stated)) {
    const { start, end } = key.publicKey.validFor;
    throw new VerificationFailure("KEY_NOT_VALID", `The key ${keyId} signs from ${start}${end ? ` until ${end}` : ""}, but this was signed at ${stated.toISOString()}.`);
  }
  return stated;
}

import { type ExpectedPublication, readReviewStatement, type ReviewStatement, statementMismatches } from "@/lib/verify/check-review-statement";
import { checkSigningTime } from "@/lib/verify/signing-time";
import type { SigilTrust } from "@/lib/verify/trust-material";
import { type BundleSigner, verifyBundle } from "@/lib/verify/verify-bundle";
import { reasonOf, type VerificationReason } from "@/lib/verify/verification-failure";

export interface PublicationCheck {
  bundle: unknown;
  expected: ExpectedPublication;
  trust: SigilTrust;
  /** The revocation that applies to this version, from the registry's record or a verified revocation list. */
  revocation?: { revokedAt: string; reason: string };
  now?: Date;
}

export interface PublicationVerdict {
  verified: boolean;
  /** Every reason the version fails verification; empty when it is verified. */
  reasons: VerificationReason[];
  signer: BundleSigner | null;
  signedAt: string | null;
  /** The signed statement, once its signature verified. */
  statement: ReviewStatement | null;
}

/**
 * Verifies a published version, offline: the bundle's signature against the trust material,
 * then what @sigstore/verify does not check (the payload type, the statement's type and
 * predicate type, the server, the package and the tarball digests it is about, the signer's
 * validity at signing time), and the revocation. Never throws for a bad bundle: every problem
 * is a reason.
 */
export function verifyPublication(check: PublicationCheck): PublicationVerdict {
  const reasons: VerificationReason[] = [];
  let signer: BundleSigner | null = null;
  let signedAt: string | null = null;
  let statement: ReviewStatement | null = null;
  try {
    const verified = verifyBundle(check.bundle, check.trust);
    signer = verified.signer;
    statement = readReviewStatement(verified.payloadType, verified.payload);
    try {
      signedAt = checkSigningTime(verified, new Date(statement.predicate.publishedAt), check.trust, check.now ?? new Date()).toISOString();
    } catch (error) {
      reasons.push(reasonOf(error, "KEY_NOT_VALID"));
    }
    reasons.push(...statementMismatches(statement, check.expected).map((failure) => failure.reason));
  } catch (error) {
    reasons.push(reasonOf(error, "BUNDLE_INVALID"));
  }
  if (check.revocation) reasons.push({ code: "REVOKED", message: `Revoked at ${check.revocation.revokedAt}: ${check.revocation.reason}` });
  return { verified: reasons.length === 0, reasons, signer, signedAt, statement };
}

/**
 * Why a verification failed, one code per failure, so that clients can act on the code and
 * people can read the message. A verification collects every reason it finds.
 */
export type VerificationCode =
  /** No published version by that name and version, or no signature stored for it. */
  | "NOT_FOUND"
  /** The bundle is not a Sigstore bundle Sigil can read. */
  | "BUNDLE_INVALID"
  /** The signature does not match the payload under the key or certificate named. */
  | "SIGNATURE_INVALID"
  /** The key named in the bundle is not one the client trusts. */
  | "KEY_UNKNOWN"
  /** The key is trusted, but not at the time the bundle was signed (rotated out, or marked compromised). */
  | "KEY_NOT_VALID"
  /** A timestamp is missing, unverifiable, or from an authority the client does not trust. */
  | "TIMESTAMP_INVALID"
  /** A transparency-log entry is missing or does not verify. */
  | "TLOG_INVALID"
  /** The signing certificate does not chain to a trusted authority, or lacks its log proofs. */
  | "CERTIFICATE_INVALID"
  /** A keyless signature by another identity than the one pinned. */
  | "IDENTITY_MISMATCH"
  /** The envelope does not carry an in-toto statement, or not Sigil's. */
  | "STATEMENT_INVALID"
  /** The statement is about another package, version or server than the one asked for. */
  | "SUBJECT_MISMATCH"
  /** The tarball's digests are not those the statement signs. */
  | "DIGEST_MISMATCH"
  /** The version was revoked. */
  | "REVOKED"
  /** The revocation list is unsigned, signed by someone else, malformed, or past its expiry. */
  | "REVOCATION_LIST_INVALID"
  /** The trust material (keys, roots, identities) cannot be read. */
  | "TRUST_INVALID"
  /** The trust material differs from the material pinned earlier. */
  | "TRUST_CHANGED"
  /** The registry, the npm registry or a file could not be read. */
  | "UNAVAILABLE";

export interface VerificationReason {
  code: VerificationCode;
  message: string;
}

/** A failed check, thrown inside verification and turned into a reason at its edge. */
export class VerificationFailure extends Error {
  constructor(
    readonly code: VerificationCode,
    message: string,
  ) {
    super(message);
    this.name = "VerificationFailure";
  }

  get reason(): VerificationReason {
    return { code: this.code, message: this.message };
  }
}

/** The reason an error stands for: its own for a VerificationFailure, `fallback` with its message otherwise. */
export function reasonOf(error: unknown, fallback: VerificationCode): VerificationReason {
  if (error instanceof VerificationFailure) return error.reason;
  return { code: fallback, message: error instanceof Error ? error.message : String(error) };
}

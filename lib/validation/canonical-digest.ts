import crypto from "node:crypto";
import canonicalize from "canonicalize";

/** sha256 (hex) of the RFC 8785 canonical JSON of a value: equal documents, equal digests. */
export function canonicalDigest(value: unknown): string {
  const canonical = canonicalize(value);
  if (canonical === undefined) throw new Error("value cannot be canonicalised as JSON");
  return crypto.createHash("sha256").update(canonical).digest("hex");
}

import crypto from "node:crypto";
import canonicalize from "canonicalize";

/** The chain's first `prevHash`. */
export const GENESIS_HASH = "0".repeat(64);

export interface ChainedEventFields {
  seq: number;
  actor: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  data: unknown;
  createdAt: Date;
  prevHash: string;
}

/** sha256 over the RFC 8785 canonical JSON of the event, `prevHash` included. */
export function hashAuditEvent(event: ChainedEventFields): string {
  const canonical = canonicalize({ ...event, createdAt: event.createdAt.toISOString() });
  if (canonical === undefined) throw new Error("audit event cannot be canonicalised");
  return crypto.createHash("sha256").update(canonical).digest("hex");
}

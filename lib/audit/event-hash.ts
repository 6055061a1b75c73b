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

/**
 * sha256 over the RFC 8785 canonical JSON of exactly the chained fields (`prevHash` included,
 * the stored `hash` and anything else on the row excluded).
 */
export function hashAuditEvent(event: ChainedEventFields): string {
  const { seq, actor, actorId, action, subjectType, subjectId, data, createdAt, prevHash } = event;
  const canonical = canonicalize({ seq, actor, actorId, action, subjectType, subjectId, data, createdAt: createdAt.toISOString(), prevHash });
  if (canonical === undefined) throw new Error("audit event cannot be canonicalised");
  return crypto.createHash("sha256").update(canonical).digest("hex");
}

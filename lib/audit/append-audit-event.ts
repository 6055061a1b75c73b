import { actorLabel, type Actor } from "@/lib/actor";
import { GENESIS_HASH, hashAuditEvent } from "@/lib/audit/event-hash";
import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

// Any constant shared by every writer: it serialises appends so the chain has no forks.
const AUDIT_CHAIN_LOCK = 0x5191_1a0d;

export interface AuditEventInput {
  actor: Actor;
  action: string;
  subjectType: string;
  subjectId: string;
  data?: Prisma.InputJsonObject;
}

/**
 * Appends one event to the hash-chained audit log. Call it inside the transaction that makes
 * the change it records, so the change and its record commit or vanish together.
 */
export async function appendAuditEvent(tx: Tx, input: AuditEventInput) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const fields = {
    seq: (last?.seq ?? 0) + 1,
    actor: actorLabel(input.actor),
    actorId: input.actor.kind === "user" ? input.actor.userId : null,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    data: input.data ?? {},
    createdAt: new Date(),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  return tx.auditEvent.create({ data: { ...fields, hash: hashAuditEvent(fields) } });
}

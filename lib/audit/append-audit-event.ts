import { actorLabel, type Actor } from "@/lib/actor";
import { lockAuditChain, transactionTime } from "@/lib/audit/audited-transaction";
import { GENESIS_HASH, hashAuditEvent } from "@/lib/audit/event-hash";
import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

export interface AuditEventInput {
  actor: Actor;
  action: string;
  subjectType: string;
  subjectId: string;
  data?: Prisma.InputJsonObject;
}

/**
 * Appends one event to the hash-chained audit log, inside the auditedTransaction that makes
 * the change it records, so the change and its record commit or vanish together.
 */
export async function appendAuditEvent(tx: Tx, input: AuditEventInput) {
  // Already held in an auditedTransaction; taken again so that no chain can fork regardless.
  await lockAuditChain(tx);
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const fields = {
    seq: (last?.seq ?? 0) + 1,
    actor: actorLabel(input.actor),
    actorId: input.actor.kind === "user" ? input.actor.userId : null,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    data: input.data ?? {},
    createdAt: transactionTime(tx),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  return tx.auditEvent.create({ data: { ...fields, hash: hashAuditEvent(fields) } });
}

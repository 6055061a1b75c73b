import type { Actor } from "@/lib/actor";
import { transactionTime } from "@/lib/audit/audited-transaction";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Tx } from "@/lib/db/client";
import { type Prisma, VersionState } from "@/lib/db/generated/client";
import { conflict, notFound } from "@/lib/errors";

/** Which states each state may move to; anything else is refused. */
const NEXT_STATES: Record<VersionState, readonly VersionState[]> = {
  SUBMITTED: [VersionState.SCANNING, VersionState.WITHDRAWN],
  SCANNING: [VersionState.SCANNED, VersionState.SUBMITTED, VersionState.WITHDRAWN],
  SCANNED: [VersionState.APPROVED, VersionState.REJECTED, VersionState.SCANNING, VersionState.WITHDRAWN],
  APPROVED: [VersionState.PUBLISHED],
  REJECTED: [],
  PUBLISHED: [VersionState.REVOKED],
  REVOKED: [],
  WITHDRAWN: [],
};

export function canTransition(from: VersionState, to: VersionState): boolean {
  return NEXT_STATES[from].includes(to);
}

export interface Transition {
  versionId: string;
  to: VersionState;
  actor: Actor;
  /** Audit action, e.g. `version.published`. */
  action: string;
  data?: Prisma.InputJsonObject;
  /** Further columns to set with the new state (publishedAt, isLatest, ...). */
  set?: Prisma.ServerVersionUpdateManyMutationInput;
}

/**
 * The one way a ServerVersion changes state: checks the move is allowed, applies it only if no
 * one else changed the state meanwhile (compare-and-set), and appends the audit event, all in
 * the caller's transaction.
 */
export async function transitionVersion(tx: Tx, t: Transition) {
  const current = await tx.serverVersion.findUnique({ where: { id: t.versionId }, select: { state: true } });
  if (!current) throw notFound(`Server version ${t.versionId} does not exist.`);
  if (!canTransition(current.state, t.to)) {
    throw conflict(`A version in state ${current.state} cannot become ${t.to}.`);
  }
  const now = transactionTime(tx);
  const updated = await tx.serverVersion.updateMany({
    where: { id: t.versionId, state: current.state },
    data: { ...t.set, state: t.to, statusChangedAt: now, updatedAt: now },
  });
  if (updated.count !== 1) throw conflict("The version changed state while this request ran; reload and try again.");
  await appendAuditEvent(tx, {
    actor: t.actor,
    action: t.action,
    subjectType: "server_version",
    subjectId: t.versionId,
    data: { from: current.state, to: t.to, ...t.data },
  });
  return tx.serverVersion.findUniqueOrThrow({ where: { id: t.versionId } });
}

import { userActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";

export const recordSignIn = (userId: string, method: "password" | "github") =>
  auditedTransaction((tx) => appendAuditEvent(tx, { actor: userActor(userId), action: "user.signed_in", subjectType: "user", subjectId: userId, data: { method } }));

/**
 * Ends every session the user signed before now: signing out in one browser also ends a copy
 * of the cookie elsewhere. Session times are whole seconds: the cut-off is the start of this
 * second, so that signing in again at once works (a session from this very second survives).
 */
export const recordSignOut = (userId: string) =>
  auditedTransaction(async (tx) => {
    const now = transactionTime(tx);
    await tx.user.update({ where: { id: userId }, data: { sessionsValidAfter: new Date(Math.floor(now.getTime() / 1000) * 1000) } });
    return appendAuditEvent(tx, { actor: userActor(userId), action: "user.signed_out", subjectType: "user", subjectId: userId, data: {} });
  });

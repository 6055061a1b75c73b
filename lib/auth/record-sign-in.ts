import { userActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import { endEarlierSessions } from "@/lib/auth/end-earlier-sessions";

export const recordSignIn = (userId: string, method: "password" | "github") =>
  auditedTransaction((tx) => appendAuditEvent(tx, { actor: userActor(userId), action: "user.signed_in", subjectType: "user", subjectId: userId, data: { method } }));

/** Signing out in one browser also ends a copy of the cookie elsewhere. */
export const recordSignOut = (userId: string) =>
  auditedTransaction(async (tx) => {
    await endEarlierSessions(tx, userId);
    return appendAuditEvent(tx, { actor: userActor(userId), action: "user.signed_out", subjectType: "user", subjectId: userId, data: {} });
  });

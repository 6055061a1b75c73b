import { userActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction } from "@/lib/audit/audited-transaction";

export const recordSignIn = (userId: string, method: "password" | "github") =>
  auditedTransaction((tx) => appendAuditEvent(tx, { actor: userActor(userId), action: "user.signed_in", subjectType: "user", subjectId: userId, data: { method } }));

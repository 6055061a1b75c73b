import { z } from "zod";
import { userActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import { endEarlierSessions } from "@/lib/auth/end-earlier-sessions";
import { checkPassword, hashPassword, passwordRule } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { forbidden, notFound, validationFailed } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";

const change = z.object({ current: z.string().min(1, "enter your current password"), next: passwordRule });

/**
 * A user replaces their password, proving the current one. Every earlier session of theirs ends,
 * this browser's too: they sign in again with the new password.
 */
export async function changePassword(userId: string, input: unknown) {
  const { current, next } = parseInput(change, input, "password change");
  const user = await db().user.findUnique({ where: { id: userId } });
  if (!user || user.disabledAt) throw notFound("The user does not exist.");
  if (!user.passwordHash) throw forbidden("This account signs in with GitHub and has no password.");
  if (!(await checkPassword(current, user.passwordHash))) {
    throw validationFailed("The current password is not right.", [{ location: "current", message: "is not your current password" }]);
  }
  const passwordHash = await hashPassword(next);
  return auditedTransaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await endEarlierSessions(tx, userId);
    return appendAuditEvent(tx, { actor: userActor(userId), action: "user.password_changed", subjectType: "user", subjectId: userId, data: {} });
  });
}

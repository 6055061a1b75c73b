import { systemActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import { checkPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";

// Guessing a password online: after this many failures for one email within the window, no
// password is even checked until the window has passed. Counted in the database, so that every
// web process of the registry counts the same failures.
export const MAX_FAILED_SIGN_INS = 10;
export const FAILED_SIGN_IN_WINDOW_MS = 15 * 60_000;

/**
 * The enabled user with this email and password, or null; the same answer and time whichever
 * part is wrong. Each failure is audited (`user.sign_in_failed`, by email), and too many in a
 * row for one email stop the checking for a while.
 */
export async function signInWithPassword(email: unknown, password: unknown) {
  if (typeof email !== "string" || typeof password !== "string" || !email || !password) return null;
  const address = email.trim().toLowerCase().slice(0, 320);
  const recentFailures = await db().auditEvent.count({
    where: { action: "user.sign_in_failed", subjectType: "email", subjectId: address, createdAt: { gte: new Date(Date.now() - FAILED_SIGN_IN_WINDOW_MS) } },
  });
  if (recentFailures >= MAX_FAILED_SIGN_INS) return null;
  const user = await db().user.findUnique({ where: { email: address } });
  const matches = await checkPassword(password, user?.passwordHash);
  if (matches && user && !user.disabledAt) return user;
  await auditedTransaction((tx) => appendAuditEvent(tx, { actor: systemActor("sign-in"), action: "user.sign_in_failed", subjectType: "email", subjectId: address, data: {} }));
  return null;
}

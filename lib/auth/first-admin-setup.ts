import crypto from "node:crypto";
import { z } from "zod";
import { systemActor, userActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import { tokenHash } from "@/lib/auth/api-token-secret";
import { hashPassword, passwordRule } from "@/lib/auth/password";
import { db, type Tx } from "@/lib/db/client";
import { Role } from "@/lib/db/generated/client";
import { conflict, forbidden } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";

const LINK_HOURS = 24;

/**
 * While no admin exists, issues a one-time setup token (valid for a day; earlier unused ones
 * stop working) for the link printed at start. Undefined once there is an admin.
 */
export async function issueSetupToken(): Promise<string | undefined> {
  if (await hasAdmin()) return undefined;
  const secret = crypto.randomBytes(24).toString("base64url");
  await auditedTransaction(async (tx) => {
    const now = transactionTime(tx);
    await tx.setupToken.updateMany({ where: { usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
    const token = await tx.setupToken.create({ data: { tokenHash: tokenHash(secret), expiresAt: new Date(now.getTime() + LINK_HOURS * 3_600_000) } });
    await appendAuditEvent(tx, { actor: systemActor("setup"), action: "setup.link_issued", subjectType: "setup_token", subjectId: token.id, data: { expiresAt: token.expiresAt.toISOString() } });
  });
  return secret;
}

const firstAdmin = z.object({
  token: z.string().min(1, "the setup link is incomplete"),
  name: z.string().trim().min(1, "enter your name").max(200),
  email: z.email("enter an email address").transform((email) => email.toLowerCase()),
  password: passwordRule,
});

export const hasAdmin = async (tx: Tx = db()) => (await tx.user.count({ where: { roles: { has: Role.ADMIN }, disabledAt: null } })) > 0;

async function checkSetupToken(tx: Tx, token: string, now: Date) {
  const setup = await tx.setupToken.findUnique({ where: { tokenHash: tokenHash(token) } });
  if (!setup || setup.usedAt || setup.expiresAt <= now) throw forbidden("This setup link is not valid: it was used, replaced by a newer one, or is more than a day old. Restart the registry for a new link.");
  if (await hasAdmin(tx)) throw conflict("This registry already has an admin; sign in instead.");
  return setup;
}

/** Creates the first admin from a setup link: once, and only while there is no admin. */
export async function completeFirstAdminSetup(input: unknown) {
  const { token, name, email, password } = parseInput(firstAdmin, input, "setup");
  // Checked before the slow hash too, so that a stranger cannot make the registry hash for nothing.
  await checkSetupToken(db(), token, new Date());
  const passwordHash = await hashPassword(password);
  return auditedTransaction(async (tx) => {
    const now = transactionTime(tx);
    const setup = await checkSetupToken(tx, token, now);
    if (await tx.user.findUnique({ where: { email } })) throw conflict("A user with this email already exists.");
    const admin = await tx.user.create({ data: { name, email, passwordHash, roles: [Role.ADMIN, Role.REVIEWER, Role.MAINTAINER] } });
    await tx.setupToken.update({ where: { id: setup.id }, data: { usedAt: now } });
    await appendAuditEvent(tx, { actor: userActor(admin.id), action: "user.created", subjectType: "user", subjectId: admin.id, data: { email, roles: admin.roles, via: "first-admin setup" } });
    return admin;
  });
}

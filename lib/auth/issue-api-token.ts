import { z } from "zod";
import { userActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import { newTokenSecret, tokenDisplayPrefix, tokenHash } from "@/lib/auth/api-token-secret";
import { tokenScope } from "@/lib/auth/token-scopes";
import { Role } from "@/lib/db/generated/client";
import { forbidden, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";

const MAX_DAYS = 365;

const tokenRequest = z.object({
  name: z.string().trim().min(1, "give the token a name").max(100),
  scopes: z.array(tokenScope).min(1, "choose at least one scope"),
  namespaces: z.array(z.string().min(1)).min(1, "choose at least one namespace"),
  expiresInDays: z.coerce.number().int().min(1).max(MAX_DAYS, `must be at most ${MAX_DAYS} days`).default(90),
});

/**
 * Issues an API token to a signed-in user (never through another token). The secret is in the
 * answer once and only its hash is stored. Tokens that submit or withdraw are limited to
 * namespaces the user owns; reviewers' tokens may name any namespace.
 */
export async function issueApiToken(userId: string, input: unknown) {
  const request = parseInput(tokenRequest, input, "API token");
  const secret = newTokenSecret();
  return auditedTransaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, include: { namespaces: { include: { namespace: true } } } });
    if (!user || user.disabledAt) throw notFound("The user does not exist.");
    const owned = new Set(user.namespaces.map((owner) => owner.namespace.name));
    const reviews = user.roles.includes(Role.REVIEWER) || user.roles.includes(Role.ADMIN);
    const namespaces = [...new Set(request.namespaces)];
    const needsOwnership = request.scopes.some((scope) => scope === "submit" || scope === "withdraw") || !reviews;
    const foreign = needsOwnership ? namespaces.filter((name) => !owned.has(name)) : [];
    if (foreign.length) throw forbidden(`You do not own ${foreign.map((name) => `"${name}"`).join(", ")}: a token can only submit or withdraw in namespaces you own.`);
    if ((request.scopes.includes("review") || request.scopes.includes("rescan")) && !reviews) throw forbidden("Only reviewers can issue tokens that review or re-run scans.");
    const expiresAt = new Date(transactionTime(tx).getTime() + request.expiresInDays * 86_400_000);
    const token = await tx.apiToken.create({
      data: { userId, name: request.name, tokenHash: tokenHash(secret), prefix: tokenDisplayPrefix(secret), scopes: request.scopes, namespaces, expiresAt },
    });
    await appendAuditEvent(tx, {
      actor: userActor(userId),
      action: "token.issued",
      subjectType: "api_token",
      subjectId: token.id,
      data: { name: token.name, prefix: token.prefix, scopes: token.scopes, namespaces: token.namespaces, expiresAt: expiresAt.toISOString() },
    });
    return { secret, token };
  });
}

import { userActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import { Role } from "@/lib/db/generated/client";
import { conflict, notFound } from "@/lib/errors";

/** Revokes a token at once: its owner or an admin may. Someone else's token is "not found", not "forbidden", so that ids cannot be probed. */
export async function revokeApiToken(tokenId: string, byUserId: string) {
  return auditedTransaction(async (tx) => {
    const [token, by] = await Promise.all([tx.apiToken.findUnique({ where: { id: tokenId } }), tx.user.findUnique({ where: { id: byUserId } })]);
    if (!token || !by || (token.userId !== by.id && !by.roles.includes(Role.ADMIN))) throw notFound("No such API token.");
    if (token.revokedAt) throw conflict("This token is already revoked.");
    const revoked = await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: transactionTime(tx) } });
    await appendAuditEvent(tx, { actor: userActor(byUserId), action: "token.revoked", subjectType: "api_token", subjectId: tokenId, data: { prefix: token.prefix, ownerId: token.userId } });
    return revoked;
  });
}

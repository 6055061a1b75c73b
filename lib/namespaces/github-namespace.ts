import { userActor } from "@/lib/actor";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { db, type Tx } from "@/lib/db/client";
import { NamespaceProof } from "@/lib/db/generated/client";
import { notFound } from "@/lib/errors";
import { addNamespaceOwner, type NewOwner } from "@/lib/namespaces/add-namespace-owner";

/** `io.github.<login>`, with the login's own case, as the official registry forms it. */
export const githubNamespaceOf = (login: string) => `io.github.${login}`;

/**
 * Makes the user an owner of `io.github.<githubLogin>`, creating the namespace (proof
 * GITHUB_LOGIN) if needed: the login is what GitHub sign-in proved, and Sigil keeps at most one
 * user per login. Meant to run at every GitHub sign-in, so it writes (and audits, as
 * `namespace.claimed`) only when the user is not an owner yet. Returns the namespace, or null
 * for a user without a GitHub login or when another user owns the namespace already. The case
 * of the login is kept: GitHub logins are case-insensitive, but the official registry matches
 * `io.github.<Login>` exactly, and server names must read the same in both registries.
 */
export async function ensureGithubNamespace(userId: string) {
  // Most sign-ins change nothing: answer those without queueing for the audit chain's lock.
  const known = await db().user.findUnique({ where: { id: userId }, select: { githubLogin: true, disabledAt: true } });
  if (known?.githubLogin && !known.disabledAt) {
    const owned = await db().namespace.findFirst({ where: { name: githubNamespaceOf(known.githubLogin), owners: { some: { userId } } } });
    if (owned) return owned;
  }
  return auditedTransaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user || user.disabledAt) throw notFound("The user does not exist.");
    if (!user.githubLogin) return null;
    // A login can be renamed and registered again by someone else: the namespace of a login that
    // another user already owns is never handed over by a sign-in (an admin can grant it).
    const name = githubNamespaceOf(user.githubLogin);
    const heldByOthers = await tx.namespaceOwner.count({ where: { namespace: { name }, userId: { not: userId } } });
    if (heldByOthers) {
      await appendAuditEvent(tx, { actor: userActor(userId), action: "namespace.github_claim_refused", subjectType: "user", subjectId: userId, data: { name, reason: "owned by another user" } });
      return null;
    }
    return addGithubOwner(tx, { name, userId, proof: NamespaceProof.GITHUB_LOGIN, proofDetail: { githubLogin: user.githubLogin } });
  });
}

/** Adds an owner that GitHub vouched for (a login or an organisation), audited as `namespace.claimed` when new. */
export async function addGithubOwner(tx: Tx, owner: NewOwner) {
  const { namespace, created, alreadyOwner } = await addNamespaceOwner(tx, owner);
  if (!alreadyOwner) {
    await appendAuditEvent(tx, {
      actor: userActor(owner.userId),
      action: "namespace.claimed",
      subjectType: "namespace",
      subjectId: namespace.id,
      data: { name: namespace.name, userId: owner.userId, proof: owner.proof, proofDetail: owner.proofDetail, newNamespace: created },
    });
  }
  return namespace;
}

import { userActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import { NamespaceProof } from "@/lib/db/generated/client";
import { addGithubOwner, githubNamespaceOf } from "@/lib/namespaces/github-namespace";

/**
 * Makes the user an owner of `io.github.<org>` for each GitHub organisation GitHub says they
 * administer (known at sign-in, when the account granted read:org). An organisation has several
 * owners, so these namespaces are shared, but only by admins of the same organisation (GitHub's
 * numeric id): a name that was given up and registered again by someone else does not inherit
 * the namespace. Leaving an organisation is not noticed: an admin removes the owner. Audited as
 * `namespace.claimed` for new ownership, `namespace.github_claim_refused` for a refusal.
 */
export async function ensureGithubOrgNamespaces(userId: string, orgs: { login: string; id: number }[]) {
  const valid = orgs.filter((org) => /^[A-Za-z0-9-]{1,39}$/.test(org.login));
  if (valid.length === 0) return [];
  return auditedTransaction(async (tx) => {
    const owned = [];
    for (const org of valid) {
      const name = githubNamespaceOf(org.login);
      const existing = await tx.namespace.findUnique({ where: { name }, include: { _count: { select: { owners: true } } } });
      const sameOrg = existing?.proof === NamespaceProof.GITHUB_ORG && (existing.proofDetail as { githubOrgId?: number } | null)?.githubOrgId === org.id;
      if (existing && existing._count.owners > 0 && !sameOrg) {
        await appendAuditEvent(tx, { actor: userActor(userId), action: "namespace.github_claim_refused", subjectType: "user", subjectId: userId, data: { name, githubOrgId: org.id, reason: "owned under another proof" } });
        continue;
      }
      owned.push(await addGithubOwner(tx, { name, userId, proof: NamespaceProof.GITHUB_ORG, proofDetail: { githubOrg: org.login, githubOrgId: org.id, role: "admin" } }));
    }
    return owned;
  });
}

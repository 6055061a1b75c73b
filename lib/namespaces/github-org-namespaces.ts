import { userActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import { NamespaceProof } from "@/lib/db/generated/client";
import { addNamespaceOwner } from "@/lib/namespaces/add-namespace-owner";
import { githubNamespaceOf } from "@/lib/namespaces/github-namespace";

/**
 * Makes the user an owner of `io.github.<org>` for each GitHub organisation GitHub says they
 * administer (known at sign-in, when the account granted read:org). An organisation has several
 * owners, so these namespaces are shared. Leaving an organisation is not noticed: an admin
 * removes the owner. Audited as `namespace.claimed`, only for new ownership.
 */
export async function ensureGithubOrgNamespaces(userId: string, orgs: string[]) {
  const valid = [...new Set(orgs)].filter((org) => /^[A-Za-z0-9-]{1,39}$/.test(org));
  if (valid.length === 0) return [];
  return auditedTransaction(async (tx) => {
    const owned = [];
    for (const org of valid) {
      const proofDetail = { githubOrg: org, role: "admin" };
      const { namespace, created, alreadyOwner } = await addNamespaceOwner(tx, { name: githubNamespaceOf(org), userId, proof: NamespaceProof.GITHUB_ORG, proofDetail });
      if (!alreadyOwner) {
        await appendAuditEvent(tx, {
          actor: userActor(userId),
          action: "namespace.claimed",
          subjectType: "namespace",
          subjectId: namespace.id,
          data: { name: namespace.name, userId, proof: NamespaceProof.GITHUB_ORG, proofDetail, newNamespace: created },
        });
      }
      owned.push(namespace);
    }
    return owned;
  });
}

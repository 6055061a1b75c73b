import { db } from "@/lib/db/client";

/**
 * Namespaces by name (the first `limit`; `more` says whether there are others), with their proof
 * and their owners (name, email, GitHub login; never more of the user).
 */
export async function listNamespacesWithOwners(limit = 500) {
  const rows = await db().namespace.findMany({
    orderBy: { name: "asc" },
    take: limit + 1,
    include: {
      owners: {
        orderBy: { grantedAt: "asc" },
        include: { user: { select: { id: true, name: true, email: true, githubLogin: true } } },
      },
    },
  });
  const namespaces = rows.slice(0, limit).map((namespace) => ({
    id: namespace.id,
    name: namespace.name,
    proof: namespace.proof,
    proofDetail: namespace.proofDetail,
    verifiedAt: namespace.verifiedAt,
    owners: namespace.owners.map((owner) => ({ ...owner.user, grantedAt: owner.grantedAt })),
  }));
  return { namespaces, more: rows.length > limit };
}

import { db } from "@/lib/db/client";

/** The namespaces a user owns, by name, each with how it was proven and when this user became an owner. */
export async function listNamespacesOfOwner(userId: string) {
  const owned = await db().namespaceOwner.findMany({
    where: { userId },
    include: { namespace: { include: { _count: { select: { owners: true } } } } },
    orderBy: { namespace: { name: "asc" } },
  });
  return owned.map(({ namespace, grantedAt }) => ({
    id: namespace.id,
    name: namespace.name,
    proof: namespace.proof,
    proofDetail: namespace.proofDetail,
    verifiedAt: namespace.verifiedAt,
    grantedAt,
    owners: namespace._count.owners,
  }));
}

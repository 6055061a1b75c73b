import { transactionTime } from "@/lib/audit/audited-transaction";
import type { Tx } from "@/lib/db/client";
import type { NamespaceProof, Prisma } from "@/lib/db/generated/client";

export interface NewOwner {
  name: string;
  userId: string;
  proof: NamespaceProof;
  proofDetail: Prisma.InputJsonObject;
}

/**
 * Inside an audited transaction (the caller appends the event): creates the namespace with its
 * proof when it does not exist, and makes the user one of its owners. A namespace with owners
 * keeps the proof it was created with; how a later owner proved it is in that owner's audit
 * event (and claim), since a domain or an admin vouches for each owner, not only the first. A
 * namespace without owners (one that an import created, say) takes the new owner's proof, as
 * nobody had proven it before.
 */
export async function addNamespaceOwner(tx: Tx, owner: NewOwner) {
  const { name, userId, proof, proofDetail } = owner;
  const existing = await tx.namespace.findUnique({
    where: { name },
    include: { owners: { where: { userId } }, _count: { select: { owners: true } } },
  });
  let namespace;
  if (!existing) {
    namespace = await tx.namespace.create({ data: { name, proof, proofDetail, verifiedAt: transactionTime(tx) } });
  } else if (existing._count.owners === 0) {
    namespace = await tx.namespace.update({ where: { id: existing.id }, data: { proof, proofDetail, verifiedAt: transactionTime(tx) } });
  } else {
    const { owners: _owners, _count, ...row } = existing;
    namespace = row;
  }
  const alreadyOwner = (existing?.owners.length ?? 0) > 0;
  if (!alreadyOwner) await tx.namespaceOwner.create({ data: { namespaceId: namespace.id, userId, grantedAt: transactionTime(tx) } });
  return { namespace, created: !existing, alreadyOwner };
}

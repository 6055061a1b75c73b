import { z } from "zod";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import type { Actor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { NamespaceProof, type Prisma } from "@/lib/db/generated/client";
import { parseInput } from "@/lib/validation/parse-input";

export const namespaceName = z
  .string()
  .regex(/^[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+$/, 'must be a reverse-DNS name such as "io.github.alice"');

const grant = z.object({
  name: namespaceName,
  ownerId: z.string().min(1),
  proof: z.enum(NamespaceProof),
  proofDetail: z.record(z.string(), z.unknown()).default({}),
});

/**
 * Records that a user owns a namespace, with how that was proven. Adds the user as a further
 * owner when the namespace exists.
 */
export async function grantNamespace(input: z.input<typeof grant>, actor: Actor) {
  const { name, ownerId, proof, proofDetail } = parseInput(grant, input, "namespace grant");
  return auditedTransaction(async (tx) => {
    const namespace = await tx.namespace.upsert({
      where: { name },
      create: { name, proof, proofDetail: proofDetail as Prisma.InputJsonObject },
      update: {},
    });
    await tx.namespaceOwner.upsert({
      where: { namespaceId_userId: { namespaceId: namespace.id, userId: ownerId } },
      create: { namespaceId: namespace.id, userId: ownerId },
      update: {},
    });
    await appendAuditEvent(tx, {
      actor,
      action: "namespace.granted",
      subjectType: "namespace",
      subjectId: namespace.id,
      data: { name, ownerId, proof, proofDetail: proofDetail as Prisma.InputJsonObject },
    });
    return namespace;
  });
}

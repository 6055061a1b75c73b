import { z } from "zod";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import type { Actor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { NamespaceProof, type Prisma, Role } from "@/lib/db/generated/client";
import { forbidden, notFound } from "@/lib/errors";
import { addNamespaceOwner } from "@/lib/namespaces/add-namespace-owner";
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
 * owner when the namespace exists. A user acting must be an admin (an admin's word is the
 * ADMIN_GRANT proof); system actors (the demo loader, tests, sign-in) vouch for themselves.
 * Audited as `namespace.granted`.
 */
export async function grantNamespace(input: z.input<typeof grant>, actor: Actor) {
  const { name, ownerId, proof, proofDetail } = parseInput(grant, input, "namespace grant");
  return auditedTransaction(async (tx) => {
    if (actor.kind === "user") {
      const admin = await tx.user.findUnique({ where: { id: actor.userId } });
      if (!admin || admin.disabledAt || !admin.roles.includes(Role.ADMIN)) throw forbidden("Only admins can grant namespaces.");
    }
    const owner = await tx.user.findUnique({ where: { id: ownerId } });
    if (!owner || owner.disabledAt) throw notFound(`There is no active user ${ownerId} to grant "${name}" to.`);
    const { namespace } = await addNamespaceOwner(tx, { name, userId: ownerId, proof, proofDetail: proofDetail as Prisma.InputJsonObject });
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

import { z } from "zod";
import { userActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import { Role } from "@/lib/db/generated/client";
import { conflict, forbidden, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";

const rolesInput = z.object({ roles: z.array(z.enum(Role)).max(3) });

/** An admin sets a user's roles. The last admin cannot give up the role: someone must be able to grant it. */
export async function setUserRoles(userId: string, input: unknown, adminId: string) {
  const roles = [...new Set(parseInput(rolesInput, input, "roles").roles)];
  return auditedTransaction(async (tx) => {
    const admin = await tx.user.findUnique({ where: { id: adminId } });
    if (!admin?.roles.includes(Role.ADMIN) || admin.disabledAt) throw forbidden("Only admins can change roles.");
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw notFound(`No user ${userId}.`);
    if (user.roles.includes(Role.ADMIN) && !roles.includes(Role.ADMIN)) {
      const admins = await tx.user.count({ where: { roles: { has: Role.ADMIN }, disabledAt: null } });
      if (admins <= 1) throw conflict("This is the last admin; make someone else an admin first.");
    }
    const updated = await tx.user.update({ where: { id: userId }, data: { roles } });
    await appendAuditEvent(tx, { actor: userActor(adminId), action: "user.roles_changed", subjectType: "user", subjectId: userId, data: { from: user.roles, to: roles } });
    return updated;
  });
}

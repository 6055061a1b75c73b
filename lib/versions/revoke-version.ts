import { z } from "zod";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import { userActor } from "@/lib/actor";
import { Role, VersionState } from "@/lib/db/generated/client";
import { forbidden, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";
import { refreshLatestVersion } from "@/lib/versions/latest-version";
import { transitionVersion } from "@/lib/versions/transition-version";

const revokeInput = z.object({
  versionId: z.string().min(1),
  adminId: z.string().min(1),
  reason: z.string().trim().min(3, "a reason is required").max(5000),
});

/** An admin withdraws a published version: PUBLISHED → REVOKED, with the reason recorded. */
export async function revokeVersion(input: z.input<typeof revokeInput>) {
  const { versionId, adminId, reason } = parseInput(revokeInput, input, "revocation");
  return auditedTransaction(async (tx) => {
    const admin = await tx.user.findUnique({ where: { id: adminId } });
    if (!admin?.roles.includes(Role.ADMIN) || admin.disabledAt) throw forbidden("Only admins can revoke versions.");
    const version = await tx.serverVersion.findUnique({ where: { id: versionId }, select: { serverId: true } });
    if (!version) throw notFound(`Server version ${versionId} does not exist.`);
    await transitionVersion(tx, {
      versionId,
      to: VersionState.REVOKED,
      actor: userActor(adminId),
      action: "version.revoked",
      data: { reason },
    });
    const revocation = await tx.revocation.create({ data: { versionId, reason, revokedById: adminId } });
    await refreshLatestVersion(tx, version.serverId);
    return revocation;
  });
}

import { z } from "zod";
import { userActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import { db, type Tx } from "@/lib/db/client";
import { Role } from "@/lib/db/generated/client";
import { conflict, forbidden } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";

const CONTROL_ID = 1;

export interface PublishingFreeze {
  frozenAt: Date;
  frozenBy: string;
  reason: string;
}

/** The freeze in force, if an admin has stopped publishing. */
export async function publishingFreeze(client: Pick<Tx, "registryControl"> = db()): Promise<PublishingFreeze | null> {
  const control = await client.registryControl.findUnique({ where: { id: CONTROL_ID } });
  if (!control?.publishingFrozenAt) return null;
  return { frozenAt: control.publishingFrozenAt, frozenBy: control.publishingFrozenBy ?? "unknown", reason: control.publishingFrozenReason ?? "" };
}

/** The refusal a publication meets while publishing is frozen. */
export const frozenRefusal = (freeze: PublishingFreeze) =>
  conflict(`Publishing is frozen since ${freeze.frozenAt.toISOString()} (${freeze.reason}); approved versions are published once an admin lifts the freeze.`);

const freezeInput = z.object({
  adminId: z.string().min(1),
  frozen: z.boolean(),
  reason: z.string().trim().min(3, "a reason is required").max(5000),
});

/**
 * The emergency switch: an admin stops all publishing (approvals still count, and the versions
 * wait, APPROVED), or lifts the freeze. Audited; the caller publishes what waited.
 */
export async function setPublishingFrozen(input: z.input<typeof freezeInput>): Promise<PublishingFreeze | null> {
  const { adminId, frozen, reason } = parseInput(freezeInput, input, "publishing freeze");
  return auditedTransaction(async (tx) => {
    const admin = await tx.user.findUnique({ where: { id: adminId } });
    if (!admin?.roles.includes(Role.ADMIN) || admin.disabledAt) throw forbidden("Only admins can freeze or unfreeze publishing.");
    const current = await publishingFreeze(tx);
    if (frozen === Boolean(current)) throw conflict(frozen ? "Publishing is already frozen." : "Publishing is not frozen.");
    const data = frozen
      ? { publishingFrozenAt: transactionTime(tx), publishingFrozenBy: adminId, publishingFrozenReason: reason }
      : { publishingFrozenAt: null, publishingFrozenBy: null, publishingFrozenReason: null };
    await tx.registryControl.upsert({ where: { id: CONTROL_ID }, create: { id: CONTROL_ID, ...data }, update: data });
    await appendAuditEvent(tx, { actor: userActor(adminId), action: frozen ? "publishing.frozen" : "publishing.unfrozen", subjectType: "registry", subjectId: "publishing", data: { reason } });
    return publishingFreeze(tx);
  });
}

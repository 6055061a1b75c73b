import { z } from "zod";
import { userActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { forgetRegistryTrust } from "@/lib/signing/trust-documents";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import { Role } from "@/lib/db/generated/client";
import { badRequest, forbidden, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";

const compromiseInput = z.object({
  keyId: z.string().min(1),
  /** From when the key is not to be trusted: its validity ends then, in keys.json. */
  from: z.coerce.date({ message: "must be a date and time, such as 2026-12-01T00:00:00Z" }),
  adminId: z.string().min(1),
  reason: z.string().trim().min(3, "a reason is required").max(5000),
});

/**
 * An admin marks a signing key compromised from a time: keys.json then ends its validity there,
 * so whatever it signed (or claims to have signed) after that fails verification. What it
 * signed before keeps verifying. A registry still configured with the key cannot publish until
 * it is restarted with a new one.
 */
export async function markKeyCompromised(input: z.input<typeof compromiseInput>) {
  const { keyId, from, adminId, reason } = parseInput(compromiseInput, input, "key compromise");
  const compromised = await auditedTransaction(async (tx) => {
    const admin = await tx.user.findUnique({ where: { id: adminId } });
    if (!admin?.roles.includes(Role.ADMIN) || admin.disabledAt) throw forbidden("Only admins can mark a signing key compromised.");
    const key = await tx.signingKey.findUnique({ where: { keyId } });
    if (!key) throw notFound(`No signing key ${keyId}.`);
    if (from < key.validFrom) throw badRequest(`The key ${keyId} signs from ${key.validFrom.toISOString()}; a compromise before that would distrust nothing it signed. To distrust all of it, give its start.`);
    const now = transactionTime(tx);
    const end = from > now ? now : from;
    // A key's trusted window only ever shrinks.
    const validTo = key.validTo && key.validTo < end ? key.validTo : end;
    const updated = await tx.signingKey.update({ where: { keyId }, data: { validTo, compromisedReason: reason } });
    await appendAuditEvent(tx, { actor: userActor(adminId), action: "signing_key.compromised", subjectType: "signing_key", subjectId: key.id, data: { keyId, from: from.toISOString(), validTo: validTo.toISOString(), reason } });
    return updated;
  });
  forgetRegistryTrust();
  return compromised;
}

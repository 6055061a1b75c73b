import { systemActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { forgetRegistryTrust } from "@/lib/signing/trust-documents";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import { db } from "@/lib/db/client";
import { badRequest } from "@/lib/errors";
import type { RegistryKey } from "@/lib/signing/registry-key";

export const SIGNING_ALGORITHM = "ecdsa-p256-sha256";

/**
 * When a key, identity or authority starts to be valid: the start of the current second.
 * Timestamp authorities and Rekor state whole seconds, so a signature made in the very second
 * something was registered must still fall inside its window.
 */
export const validFromNow = (now: Date) => new Date(Math.floor(now.getTime() / 1000) * 1000);

/**
 * Records the key this registry signs with, at start. A new key (a new key id) rotates: the
 * keys in use before stop signing from now on (their validity ends) but keep verifying what
 * they signed. Starting again with the same key changes nothing.
 */
export async function registerSigningKey(key: RegistryKey) {
  const known = await db().signingKey.findUnique({ where: { keyId: key.keyId } });
  // A retired key signs no more: what it would sign now lies outside its published validity.
  if (known?.validTo) throw badRequest(`The signing key ${key.keyId} was retired at ${known.validTo.toISOString()} and cannot sign again; configure a new key.`);
  if (known) return known;
  const registered = await auditedTransaction(async (tx) => {
    // Another process of this registry may have registered it while this one waited for the lock.
    const registered = await tx.signingKey.findUnique({ where: { keyId: key.keyId } });
    if (registered) return registered;
    const now = transactionTime(tx);
    const retired = await tx.signingKey.updateMany({ where: { validTo: null, keyId: { not: key.keyId } }, data: { validTo: now } });
    const publicKeyPem = `-----BEGIN PUBLIC KEY-----\n${key.publicKeyDer.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "")}\n-----END PUBLIC KEY-----\n`;
    const row = await tx.signingKey.create({ data: { keyId: key.keyId, algorithm: SIGNING_ALGORITHM, publicKeyPem, validFrom: validFromNow(now) } });
    await appendAuditEvent(tx, { actor: systemActor("start"), action: "signing_key.registered", subjectType: "signing_key", subjectId: row.id, data: { keyId: key.keyId, algorithm: SIGNING_ALGORITHM, retiredKeys: retired.count } });
    return row;
  });
  forgetRegistryTrust();
  return registered;
}

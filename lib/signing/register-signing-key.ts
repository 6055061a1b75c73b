import { systemActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import type { Tx } from "@/lib/db/client";
import { badRequest } from "@/lib/errors";
import type { RegistryKey } from "@/lib/signing/registry-key";
import { forgetRegistryTrust } from "@/lib/signing/trust-documents";

export const SIGNING_ALGORITHM = "ecdsa-p256-sha256";

/**
 * When a key, identity or authority starts to be valid: the start of the current second.
 * Timestamp authorities and Rekor state whole seconds, so a signature made in the very second
 * something was registered must still fall inside its window.
 */
export const validFromNow = (now: Date) => new Date(Math.floor(now.getTime() / 1000) * 1000);

/** What a start says when its signing settings differ from the registry's and it may not change them. */
export const ROTATE_HINT = "Give every process of the registry the same signing settings, or set SIGIL_SIGNING_ROTATE=true for the one start that changes them.";

/**
 * Records the key a start signs with, in the caller's transaction. The same key again changes
 * nothing. A new key replaces the one in use only with `rotate` (the old one then stops
 * signing, and keeps verifying what it signed): one process with a key of its own must not
 * silently retire the registry's. A retired key never signs again.
 */
export async function registerKeyInTransaction(tx: Tx, key: RegistryKey, rotate: boolean) {
  const known = await tx.signingKey.findUnique({ where: { keyId: key.keyId } });
  // What a retired key would sign now lies outside its published validity.
  if (known?.validTo) throw badRequest(`The signing key ${key.keyId} was retired at ${known.validTo.toISOString()} and cannot sign again; configure a new key.`);
  if (known) return known;
  const active = await tx.signingKey.findMany({ where: { validTo: null } });
  if (active.length && !rotate) throw badRequest(`The registry signs with the key ${active[0]!.keyId}, but this process is configured with ${key.keyId}. ${ROTATE_HINT}`);
  const now = transactionTime(tx);
  const retired = await tx.signingKey.updateMany({ where: { validTo: null }, data: { validTo: now } });
  const publicKeyPem = `-----BEGIN PUBLIC KEY-----\n${key.publicKeyDer.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "")}\n-----END PUBLIC KEY-----\n`;
  const row = await tx.signingKey.create({ data: { keyId: key.keyId, algorithm: SIGNING_ALGORITHM, publicKeyPem, validFrom: validFromNow(now) } });
  await appendAuditEvent(tx, { actor: systemActor("start"), action: "signing_key.registered", subjectType: "signing_key", subjectId: row.id, data: { keyId: key.keyId, algorithm: SIGNING_ALGORITHM, retiredKeys: retired.count } });
  return row;
}

/** registerKeyInTransaction in a transaction of its own. */
export async function registerSigningKey(key: RegistryKey, { rotate = false } = {}) {
  const registered = await auditedTransaction((tx) => registerKeyInTransaction(tx, key, rotate));
  forgetRegistryTrust();
  return registered;
}

import { systemActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import type { Tx } from "@/lib/db/client";
import { badRequest } from "@/lib/errors";
import { registerKeyInTransaction, ROTATE_HINT, validFromNow } from "@/lib/signing/register-signing-key";
import type { SigningSetup } from "@/lib/signing/signing-setup";
import { forgetRegistryTrust } from "@/lib/signing/trust-documents";

const actor = systemActor("start");

async function registerIdentity(tx: Tx, identity: SigningSetup["identity"], rotate: boolean) {
  const active = await tx.signingIdentity.findMany({ where: { validTo: null } });
  const same = active.find((row) => row.issuer === identity?.issuer && row.subjectAlternativeName === identity.subjectAlternativeName);
  const others = active.filter((row) => row !== same);
  if (others.length && !rotate) {
    throw badRequest(`The registry signs keyless as ${others[0]!.subjectAlternativeName}, but this process is configured ${identity ? `as ${identity.subjectAlternativeName}` : "with the registry key"}. ${ROTATE_HINT}`);
  }
  const now = transactionTime(tx);
  if (others.length) {
    await tx.signingIdentity.updateMany({ where: { id: { in: others.map((row) => row.id) } }, data: { validTo: now } });
    await appendAuditEvent(tx, { actor, action: "signing_identity.retired", subjectType: "registry", subjectId: "signing", data: { identities: others.map((row) => row.subjectAlternativeName) } });
  }
  if (!identity || same) return;
  const known = await tx.signingIdentity.findUnique({ where: { issuer_subjectAlternativeName: identity } });
  if (known) throw badRequest(`The keyless identity ${identity.subjectAlternativeName} stopped signing at ${known.validTo!.toISOString()} and cannot sign again.`);
  const row = await tx.signingIdentity.create({ data: { ...identity, validFrom: validFromNow(now) } });
  await appendAuditEvent(tx, { actor, action: "signing_identity.registered", subjectType: "signing_identity", subjectId: row.id, data: identity });
}

async function registerTimestampAuthority(tx: Tx, authority: SigningSetup["timestampAuthority"], rotate: boolean) {
  const active = await tx.timestampAuthority.findMany({ where: { validTo: null } });
  const same = active.find((row) => row.url === authority?.url && row.certChainPem === authority.certChainPem);
  const others = active.filter((row) => row !== same);
  // Retiring an authority (or replacing it) changes what verifiers demand of signatures: never by accident.
  if (others.length && !rotate) {
    throw badRequest(`The registry timestamps at ${others[0]!.url}, but this process is configured ${authority ? `with ${authority.url} (or another chain)` : "without a timestamp authority"}. ${ROTATE_HINT}`);
  }
  const now = transactionTime(tx);
  if (others.length) {
    await tx.timestampAuthority.updateMany({ where: { id: { in: others.map((row) => row.id) } }, data: { validTo: now } });
    await appendAuditEvent(tx, { actor, action: "timestamp_authority.retired", subjectType: "registry", subjectId: "signing", data: { authorities: others.map((row) => row.url) } });
  }
  if (!authority || same) return;
  const known = await tx.timestampAuthority.findUnique({ where: { url_certChainPem: authority } });
  if (known) throw badRequest(`The timestamp authority ${authority.url} with this certificate chain was retired at ${known.validTo!.toISOString()} and cannot be used again.`);
  const row = await tx.timestampAuthority.create({ data: { ...authority, validFrom: validFromNow(now) } });
  await appendAuditEvent(tx, { actor, action: "timestamp_authority.registered", subjectType: "timestamp_authority", subjectId: row.id, data: { url: authority.url } });
}

/**
 * Records at start, in one transaction, what this registry signs with, so that the trust
 * documents publish it with its validity: the registry key (registry-key mode) or the keyless
 * identity, and the timestamp authority. The first start records them; a later start must be
 * configured the same, unless `rotate` (SIGIL_SIGNING_ROTATE=true) lets it replace them: what it
 * no longer uses stops being valid from now on, and keeps verifying what it signed before.
 * Adding a timestamp authority where none was used needs no rotation.
 */
export async function registerSigningSetup(setup: SigningSetup, { rotate = false } = {}) {
  await auditedTransaction(async (tx) => {
    if (setup.registryKey) {
      await registerKeyInTransaction(tx, setup.registryKey, rotate);
    } else {
      const active = await tx.signingKey.findMany({ where: { validTo: null } });
      if (active.length && !rotate) throw badRequest(`The registry signs with the key ${active[0]!.keyId}, but this process is configured for keyless signing. ${ROTATE_HINT}`);
      if (active.length) {
        await tx.signingKey.updateMany({ where: { validTo: null }, data: { validTo: transactionTime(tx) } });
        await appendAuditEvent(tx, { actor, action: "signing_key.retired", subjectType: "registry", subjectId: "signing", data: { keys: active.map((key) => key.keyId), reason: "keyless signing configured" } });
      }
    }
    await registerIdentity(tx, setup.identity, rotate);
    await registerTimestampAuthority(tx, setup.timestampAuthority, rotate);
  });
  forgetRegistryTrust();
}

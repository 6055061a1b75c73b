import { systemActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { forgetRegistryTrust } from "@/lib/signing/trust-documents";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import { badRequest } from "@/lib/errors";
import { registerSigningKey, validFromNow } from "@/lib/signing/register-signing-key";
import type { SigningSetup } from "@/lib/signing/signing-setup";

const actor = systemActor("start");

/**
 * Records at start what this registry signs with, so that the trust documents publish it with
 * its validity: the registry key (registry-key mode) or the keyless identity, and the timestamp
 * authority. Whatever the settings no longer use stops being valid from now on (and keeps
 * verifying what it signed before). A retired key, identity or authority cannot come back: what
 * it would sign now lies outside its published validity.
 */
export async function registerSigningSetup(setup: SigningSetup) {
  if (setup.registryKey) await registerSigningKey(setup.registryKey);
  await auditedTransaction(async (tx) => {
    const now = transactionTime(tx);
    if (!setup.registryKey) {
      const retired = await tx.signingKey.updateMany({ where: { validTo: null }, data: { validTo: now } });
      if (retired.count) await appendAuditEvent(tx, { actor, action: "signing_key.retired", subjectType: "registry", subjectId: "signing", data: { keys: retired.count, reason: "keyless signing configured" } });
    }

    const identity = setup.identity;
    const identities = await tx.signingIdentity.findMany({ where: { validTo: null } });
    const retiredIdentities = await tx.signingIdentity.updateMany({
      where: { validTo: null, ...(identity ? { NOT: { issuer: identity.issuer, subjectAlternativeName: identity.subjectAlternativeName } } : {}) },
      data: { validTo: now },
    });
    if (retiredIdentities.count) await appendAuditEvent(tx, { actor, action: "signing_identity.retired", subjectType: "registry", subjectId: "signing", data: { identities: retiredIdentities.count } });
    if (identity && !identities.some((row) => row.issuer === identity.issuer && row.subjectAlternativeName === identity.subjectAlternativeName)) {
      const known = await tx.signingIdentity.findUnique({ where: { issuer_subjectAlternativeName: identity } });
      if (known) throw badRequest(`The keyless identity ${identity.subjectAlternativeName} stopped signing at ${known.validTo!.toISOString()} and cannot sign again.`);
      const row = await tx.signingIdentity.create({ data: { ...identity, validFrom: validFromNow(now) } });
      await appendAuditEvent(tx, { actor, action: "signing_identity.registered", subjectType: "signing_identity", subjectId: row.id, data: identity });
    }

    const authority = setup.timestampAuthority;
    const authorities = await tx.timestampAuthority.findMany({ where: { validTo: null } });
    const retiredAuthorities = await tx.timestampAuthority.updateMany({
      where: { validTo: null, ...(authority ? { NOT: { url: authority.url, certChainPem: authority.certChainPem } } : {}) },
      data: { validTo: now },
    });
    if (retiredAuthorities.count) await appendAuditEvent(tx, { actor, action: "timestamp_authority.retired", subjectType: "registry", subjectId: "signing", data: { authorities: retiredAuthorities.count } });
    if (authority && !authorities.some((row) => row.url === authority.url && row.certChainPem === authority.certChainPem)) {
      const known = await tx.timestampAuthority.findUnique({ where: { url_certChainPem: authority } });
      if (known) throw badRequest(`The timestamp authority ${authority.url} with this certificate chain was retired at ${known.validTo!.toISOString()} and cannot be used again.`);
      const row = await tx.timestampAuthority.create({ data: { ...authority, validFrom: validFromNow(now) } });
      await appendAuditEvent(tx, { actor, action: "timestamp_authority.registered", subjectType: "timestamp_authority", subjectId: row.id, data: { url: authority.url } });
    }
  });
  forgetRegistryTrust();
}

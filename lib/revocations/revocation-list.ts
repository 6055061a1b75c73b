import { systemActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import { readConfig } from "@/lib/config";
import { db } from "@/lib/db/client";
import { npmPurl, sha512HexOf } from "@/lib/signing/review-statement";
import { type SigningSetup, signingSetup } from "@/lib/signing/signing-setup";
import { SigilError } from "@/lib/errors";
import { registryTrust } from "@/lib/signing/trust-documents";
import { readRevocationList, REVOCATION_LIST_PAYLOAD_TYPE, REVOCATION_LIST_TYPE, type RevocationList } from "@/lib/verify/revocation-list";

/**
 * Signs a fresh revocation list: every revoked version (server name and version, the package
 * and tarball digest it pinned, when and why), issued now and valid for
 * SIGIL_REVOCATION_LIST_HOURS. Offline clients refuse an expired list, so a registry that
 * stops issuing them cannot hide a revocation by going quiet.
 */
export async function issueRevocationList(setup: SigningSetup = signingSetup()) {
  const config = readConfig();
  const revocations = await db().revocation.findMany({ orderBy: { revokedAt: "asc" }, include: { version: true } });
  const [clock] = await db().$queryRaw<{ now: Date }[]>`SELECT date_trunc('milliseconds', clock_timestamp()) AS now`;
  const issuedAt = clock!.now;
  const expiresAt = new Date(issuedAt.getTime() + config.SIGIL_REVOCATION_LIST_HOURS * 3_600_000);
  const list: RevocationList = {
    _type: REVOCATION_LIST_TYPE,
    registry: config.SIGIL_PUBLIC_URL ?? `http://localhost:${config.PORT}`,
    issuedAt: issuedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    revoked: revocations.map(({ version, revokedAt, reason }) => ({
      server: { name: version.serverName, version: version.version },
      package: version.packageIdentifier && version.packageVersion ? npmPurl(version.packageIdentifier, version.packageVersion) : null,
      digest: version.integrity ? { sha512: sha512HexOf(version.integrity) } : {},
      revokedAt: revokedAt.toISOString(),
      reason,
    })),
  };
  const bundle = await setup.signer.sign(Buffer.from(JSON.stringify(list)), REVOCATION_LIST_PAYLOAD_TYPE);
  // As publications: a list clients would refuse (a key marked compromised, a process with a
  // retired key) is never served.
  try {
    readRevocationList(bundle, await registryTrust(), issuedAt);
  } catch (error) {
    throw new SigilError(503, "Revocation List Unavailable", `The registry cannot sign a revocation list that verifies against its own trust material: ${(error as Error).message} Restart it with a valid signing key.`);
  }
  return auditedTransaction(async (tx) => {
    const row = await tx.revocationList.create({ data: { issuedAt, expiresAt, bundle, revoked: revocations.length } });
    await appendAuditEvent(tx, { actor: systemActor("publisher"), action: "revocation_list.issued", subjectType: "revocation_list", subjectId: row.id, data: { revoked: revocations.length, expiresAt: list.expiresAt } });
    return row;
  });
}

/** Whether clients would still accept a stored list under the registry's trust now (a key may have been marked compromised since). */
async function stillVerifies(bundle: unknown): Promise<boolean> {
  try {
    readRevocationList(bundle, await registryTrust());
    return true;
  } catch {
    return false;
  }
}

/**
 * The newest signed list, or a fresh one when a revocation is missing from it, half its
 * validity has passed, or it no longer verifies.
 */
async function freshRevocationList() {
  const [latest, revoked] = await Promise.all([db().revocationList.findFirst({ orderBy: { issuedAt: "desc" } }), db().revocation.count()]);
  const halfLife = readConfig().SIGIL_REVOCATION_LIST_HOURS * 1_800_000;
  if (latest && latest.revoked === revoked && latest.expiresAt.getTime() - Date.now() > halfLife && (await stillVerifies(latest.bundle))) return latest;
  return issueRevocationList();
}

// Requests arriving together share one look (and, when the list is stale, one new list).
let serving: ReturnType<typeof freshRevocationList> | undefined;

/**
 * The signed revocation list to serve, issued afresh first when it is stale: serving it checks,
 * so no revocation waits for a timer.
 */
export function currentRevocationList() {
  serving ??= freshRevocationList().finally(() => {
    serving = undefined;
  });
  return serving;
}

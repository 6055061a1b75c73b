import { z } from "zod";
import { userActor } from "@/lib/actor";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import { db, type Tx } from "@/lib/db/client";
import { Role, VersionState } from "@/lib/db/generated/client";
import { conflict, forbidden, notFound } from "@/lib/errors";
import { log } from "@/lib/log";
import { issueRevocationList } from "@/lib/revocations/revocation-list";
import { parseInput } from "@/lib/validation/parse-input";
import { refreshLatestVersion } from "@/lib/versions/latest-version";
import { transitionVersion } from "@/lib/versions/transition-version";

const reason = z.string().trim().min(3, "a reason is required").max(5000);
const revokeInput = z.object({ versionId: z.string().min(1), adminId: z.string().min(1), reason });
const revokeServerInput = z.object({ serverName: z.string().min(1), adminId: z.string().min(1), reason });

async function requireAdmin(tx: Tx, adminId: string) {
  const admin = await tx.user.findUnique({ where: { id: adminId } });
  if (!admin?.roles.includes(Role.ADMIN) || admin.disabledAt) throw forbidden("Only admins can revoke versions.");
}

/** PUBLISHED → REVOKED with its reason, in the caller's transaction; the server's latest version is recomputed. */
async function revokeInTransaction(tx: Tx, versionId: string, adminId: string, why: string, data: Record<string, string> = {}) {
  const version = await tx.serverVersion.findUnique({ where: { id: versionId }, select: { serverId: true } });
  if (!version) throw notFound(`Server version ${versionId} does not exist.`);
  await transitionVersion(tx, { versionId, to: VersionState.REVOKED, actor: userActor(adminId), action: "version.revoked", data: { reason: why, ...data } });
  const revocation = await tx.revocation.create({ data: { versionId, reason: why, revokedById: adminId }, include: { version: { select: { serverName: true, version: true } } } });
  await refreshLatestVersion(tx, version.serverId);
  return revocation;
}

/**
 * Signs a new revocation list after revocations commit. The endpoint refuses a revoked version
 * from the commit on; if signing fails here, serving the list notices the missing revocation
 * and signs it then.
 */
async function reissueRevocationList() {
  await issueRevocationList().catch((error: unknown) => log.error({ err: error }, "the revocation list could not be signed now; it is signed when next served"));
}

/** The kill switch: an admin revokes a published version, with the reason recorded. */
export async function revokeVersion(input: z.input<typeof revokeInput>) {
  const { versionId, adminId, reason: why } = parseInput(revokeInput, input, "revocation");
  const revocation = await auditedTransaction(async (tx) => {
    await requireAdmin(tx, adminId);
    return revokeInTransaction(tx, versionId, adminId, why);
  });
  await reissueRevocationList();
  return revocation;
}

/** The emergency switch for a whole server: every published version of it revoked at once, in one transaction. */
export async function revokeServer(input: z.input<typeof revokeServerInput>) {
  const { serverName, adminId, reason: why } = parseInput(revokeServerInput, input, "revocation");
  const revocations = await auditedTransaction(async (tx) => {
    await requireAdmin(tx, adminId);
    const published = await tx.serverVersion.findMany({ where: { serverName, state: VersionState.PUBLISHED }, select: { id: true }, orderBy: { version: "asc" } });
    if (!published.length) throw conflict(`${serverName} has no published version to revoke.`);
    const done = [];
    for (const { id } of published) done.push(await revokeInTransaction(tx, id, adminId, why, { scope: "server" }));
    return done;
  });
  await reissueRevocationList();
  return revocations;
}

const revokeByNameInput = z.object({ serverName: z.string().min(1), version: z.string().min(1), adminId: z.string().min(1), reason });

/** revokeVersion for a version named by server name and version, as the API names it. */
export async function revokePublishedVersion(input: z.input<typeof revokeByNameInput>) {
  const { serverName, version, adminId, reason: why } = parseInput(revokeByNameInput, input, "revocation");
  const found = await db().serverVersion.findFirst({ where: { serverName, version }, select: { id: true } });
  if (!found) throw notFound(`${serverName} has no version ${version}.`);
  return revokeVersion({ versionId: found.id, adminId, reason: why });
}

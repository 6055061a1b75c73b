import type { Actor } from "@/lib/actor";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import { VersionState } from "@/lib/db/generated/client";
import { notFound } from "@/lib/errors";
import { refreshLatestVersion } from "@/lib/versions/latest-version";
import { transitionVersion } from "@/lib/versions/transition-version";

/**
 * Makes an approved version public: APPROVED → PUBLISHED, and the server's latest version is
 * recomputed in the same transaction.
 */
export async function publishVersion(versionId: string, actor: Actor) {
  return auditedTransaction(async (tx) => {
    const version = await tx.serverVersion.findUnique({ where: { id: versionId }, select: { serverId: true } });
    if (!version) throw notFound(`Server version ${versionId} does not exist.`);
    await transitionVersion(tx, { versionId, to: VersionState.PUBLISHED, actor, action: "version.published", set: { publishedAt: transactionTime(tx) } });
    await refreshLatestVersion(tx, version.serverId);
    return tx.serverVersion.findUniqueOrThrow({ where: { id: versionId } });
  });
}

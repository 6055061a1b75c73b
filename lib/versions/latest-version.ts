import semver from "semver";
import { transactionTime } from "@/lib/audit/audited-transaction";
import type { Tx } from "@/lib/db/client";
import { VersionState } from "@/lib/db/generated/client";

interface Candidate {
  id: string;
  version: string;
  publishedAt: Date | null;
}

/**
 * The official registry's rule, applied as it does: each publication is compared with the
 * latest before it. A new version takes over unless both are semantic versions and it is not
 * higher. Folding in publication order (then id) makes the answer independent of row order,
 * even for mixed semantic and other versions, where the pairwise rule alone is not transitive.
 */
export function pickLatest<T extends Candidate>(candidates: T[]): T | undefined {
  const inPublicationOrder = [...candidates].sort(
    (a, b) => (a.publishedAt?.getTime() ?? 0) - (b.publishedAt?.getTime() ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return inPublicationOrder.reduce<T | undefined>((latest, next) => (!latest || supersedes(next, latest) ? next : latest), undefined);
}

function supersedes(next: Candidate, latest: Candidate): boolean {
  if (semver.valid(next.version) && semver.valid(latest.version)) return semver.gt(next.version, latest.version);
  return true;
}

/**
 * Recomputes which published version of a server is the latest. Locks the server row first so
 * that concurrent publications of one server agree on a single latest version.
 */
export async function refreshLatestVersion(tx: Tx, serverId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Server" WHERE id = ${serverId} FOR UPDATE`;
  const published = await tx.serverVersion.findMany({
    where: { serverId, state: VersionState.PUBLISHED },
    select: { id: true, version: true, publishedAt: true, isLatest: true },
  });
  const latest = pickLatest(published);
  const updatedAt = transactionTime(tx);
  // A flag that flips is a change incremental readers (`updated_since`) must see.
  await tx.serverVersion.updateMany({
    where: { serverId, isLatest: true, ...(latest ? { id: { not: latest.id } } : {}) },
    data: { isLatest: false, updatedAt },
  });
  if (latest && !latest.isLatest) await tx.serverVersion.update({ where: { id: latest.id }, data: { isLatest: true, updatedAt } });
}

import semver from "semver";
import type { Tx } from "@/lib/db/client";
import { VersionState } from "@/lib/db/generated/client";

interface Candidate {
  id: string;
  version: string;
  publishedAt: Date | null;
}

/**
 * The official registry's rule: between two semantic versions the higher wins; otherwise the
 * one published later.
 */
export function pickLatest<T extends Candidate>(candidates: T[]): T | undefined {
  return candidates.reduce<T | undefined>((best, c) => {
    if (!best) return c;
    if (semver.valid(c.version) && semver.valid(best.version)) return semver.gt(c.version, best.version) ? c : best;
    return (c.publishedAt?.getTime() ?? 0) > (best.publishedAt?.getTime() ?? 0) ? c : best;
  }, undefined);
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
  const updatedAt = new Date();
  // A flag that flips is a change incremental readers (`updated_since`) must see.
  await tx.serverVersion.updateMany({
    where: { serverId, isLatest: true, ...(latest ? { id: { not: latest.id } } : {}) },
    data: { isLatest: false, updatedAt },
  });
  if (latest && !latest.isLatest) await tx.serverVersion.update({ where: { id: latest.id }, data: { isLatest: true, updatedAt } });
}

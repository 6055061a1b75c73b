import { db } from "@/lib/db/client";
import { VersionState } from "@/lib/db/generated/client";
import { listServerVersions } from "@/lib/registry/find-versions";

export interface ServerSummary {
  name: string;
  title: string | null;
  description: string;
  latestVersion: string;
  packageIdentifier: string | null;
  publishedAt: Date | null;
  publishedVersions: number;
}

/** Published servers with their latest version, for browsing; `limit` caps the page. */
export async function listServerSummaries(search: string | undefined, limit = 100): Promise<{ servers: ServerSummary[]; more: boolean }> {
  const page = await listServerVersions({ limit, search: search || undefined, version: "latest", includeDeleted: false });
  const counts = await db().serverVersion.groupBy({
    by: ["serverId"],
    where: { state: VersionState.PUBLISHED, serverId: { in: page.versions.map((v) => v.serverId) } },
    _count: { _all: true },
  });
  const countOf = new Map(counts.map((c) => [c.serverId, c._count._all]));
  return {
    servers: page.versions.map((v) => ({
      name: v.serverName,
      title: v.title,
      description: v.description,
      latestVersion: v.version,
      packageIdentifier: v.packageIdentifier,
      publishedAt: v.publishedAt,
      publishedVersions: countOf.get(v.serverId) ?? 1,
    })),
    more: page.nextCursor !== undefined,
  };
}

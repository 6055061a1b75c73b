import { db } from "@/lib/db/client";
import type { Attestation, Prisma, ServerVersion } from "@/lib/db/generated/client";
import { VersionState } from "@/lib/db/generated/client";
import { notFound } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "@/lib/registry/cursor";

/** A version as the read API shows it: with its signed publication, when it has one. */
export type ListedVersion = ServerVersion & { attestation: Attestation | null };

/** What the read API shows: published versions, and revoked ones when deleted are asked for. */
const visibleStates = (includeDeleted: boolean) =>
  includeDeleted ? [VersionState.PUBLISHED, VersionState.REVOKED] : [VersionState.PUBLISHED];

/** Prisma's `contains` becomes ILIKE '%…%' without escaping; search is a literal substring. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface ListOptions {
  cursor?: string;
  limit: number;
  search?: string;
  updatedSince?: Date;
  version?: string;
  includeDeleted: boolean;
}

/**
 * A page of server versions in (name, version) order. The cursor names the last entry shown,
 * so a page never repeats or skips an entry that existed when the previous page was read,
 * whatever is published in between.
 */
export async function listServerVersions(options: ListOptions): Promise<{ versions: ListedVersion[]; nextCursor?: string }> {
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const search = options.search ? likeLiteral(options.search) : undefined;
  const where: Prisma.ServerVersionWhereInput = {
    // The official API: updated_since always includes deleted entries, so syncs see deletions.
    state: { in: visibleStates(options.includeDeleted || options.updatedSince !== undefined) },
    AND: [
      search
        ? {
            OR: [
              { serverName: { contains: search, mode: "insensitive" } },
              { description: { contains: search, mode: "insensitive" } },
            ],
          }
        : {},
      options.updatedSince ? { updatedAt: { gt: options.updatedSince } } : {},
      options.version === "latest" ? { isLatest: true } : options.version ? { version: options.version } : {},
      !after
        ? {}
        : options.version
          ? // One entry per server: a server already shown must not come back with a newer latest version.
            { serverName: { gt: after.name } }
          : // The redundant lower bound lets PostgreSQL start its index scan at the cursor.
            { serverName: { gte: after.name }, OR: [{ serverName: { gt: after.name } }, { serverName: after.name, version: { gt: after.version } }] },
    ],
  };
  const rows = await db().serverVersion.findMany({
    where,
    orderBy: [{ serverName: "asc" }, { version: "asc" }],
    take: options.limit + 1,
    include: { attestation: true },
  });
  const versions = rows.slice(0, options.limit);
  const last = versions.at(-1);
  const nextCursor = rows.length > options.limit && last ? encodeCursor({ name: last.serverName, version: last.version }) : undefined;
  return { versions, nextCursor };
}

/** Every visible version of one server, newest publication first. */
export async function listVersionsOfServer(serverName: string, includeDeleted: boolean): Promise<ListedVersion[]> {
  const versions = await db().serverVersion.findMany({
    where: { serverName, state: { in: visibleStates(includeDeleted) } },
    orderBy: [{ publishedAt: "desc" }, { version: "desc" }],
    include: { attestation: true },
  });
  if (versions.length === 0) throw notFound(`Server ${serverName} not found.`);
  return versions;
}

/** One visible version of a server; `latest` names the current latest version. */
export async function findServerVersion(serverName: string, version: string, includeDeleted: boolean): Promise<ListedVersion> {
  const found = await db().serverVersion.findFirst({
    where: {
      serverName,
      state: { in: visibleStates(includeDeleted) },
      ...(version === "latest" ? { isLatest: true } : { version }),
    },
    include: { attestation: true },
  });
  if (!found) throw notFound(`Server ${serverName} version ${version} not found.`);
  return found;
}

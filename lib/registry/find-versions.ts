import { db } from "@/lib/db/client";
import { type Prisma, VersionState } from "@/lib/db/generated/client";
import { notFound } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "@/lib/registry/cursor";

const listed = { server: { select: { name: true } } } satisfies Prisma.ServerVersionInclude;
export type ListedVersion = Prisma.ServerVersionGetPayload<{ include: typeof listed }>;

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
              { server: { name: { contains: search, mode: "insensitive" } } },
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
            { server: { name: { gt: after.name } } }
          : { OR: [{ server: { name: { gt: after.name } } }, { server: { name: after.name }, version: { gt: after.version } }] },
    ],
  };
  const rows = await db().serverVersion.findMany({
    where,
    include: listed,
    orderBy: [{ server: { name: "asc" } }, { version: "asc" }],
    take: options.limit + 1,
  });
  const versions = rows.slice(0, options.limit);
  const last = versions.at(-1);
  const nextCursor = rows.length > options.limit && last ? encodeCursor({ name: last.server.name, version: last.version }) : undefined;
  return { versions, nextCursor };
}

/** Every visible version of one server, newest publication first. */
export async function listVersionsOfServer(serverName: string, includeDeleted: boolean): Promise<ListedVersion[]> {
  const versions = await db().serverVersion.findMany({
    where: { server: { name: serverName }, state: { in: visibleStates(includeDeleted) } },
    include: listed,
    orderBy: [{ publishedAt: "desc" }, { version: "desc" }],
  });
  if (versions.length === 0) throw notFound(`Server ${serverName} not found.`);
  return versions;
}

/** One visible version of a server; `latest` names the current latest version. */
export async function findServerVersion(serverName: string, version: string, includeDeleted: boolean): Promise<ListedVersion> {
  const found = await db().serverVersion.findFirst({
    where: {
      server: { name: serverName },
      state: { in: visibleStates(includeDeleted) },
      ...(version === "latest" ? { isLatest: true } : { version }),
    },
    include: listed,
  });
  if (!found) throw notFound(`Server ${serverName} version ${version} not found.`);
  return found;
}

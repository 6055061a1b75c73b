import { VersionState } from "@/lib/db/generated/client";
import type { ListedVersion } from "@/lib/registry/find-versions";
import { REVIEW_META_KEY, reviewMeta } from "@/lib/registry/review-meta";

/** The `_meta` key of the official registry's own metadata in responses. */
export const OFFICIAL_META_KEY = "io.modelcontextprotocol.registry/official";

/**
 * One entry of the official API: the server.json as submitted, the registry's metadata, and
 * Sigil's review block (`baseUrl` makes its links absolute).
 */
export function toServerResponse(version: ListedVersion, baseUrl: string) {
  const updatedAt = version.updatedAt.toISOString();
  return {
    server: version.serverJson as Record<string, unknown>,
    _meta: {
      [OFFICIAL_META_KEY]: {
        status: version.state === VersionState.REVOKED ? "deleted" : "active",
        statusChangedAt: version.statusChangedAt.toISOString(),
        publishedAt: (version.publishedAt ?? version.submittedAt).toISOString(),
        updatedAt,
        isLatest: version.isLatest,
      },
      [REVIEW_META_KEY]: reviewMeta(version, baseUrl),
    },
  };
}

export function toServerList(versions: ListedVersion[], baseUrl: string, nextCursor?: string) {
  return {
    servers: versions.map((version) => toServerResponse(version, baseUrl)),
    metadata: { count: versions.length, ...(nextCursor ? { nextCursor } : {}) },
  };
}

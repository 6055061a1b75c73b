import { type ServerVersion, VersionState } from "@/lib/db/generated/client";

/** The `_meta` key of the official registry's own metadata in responses. */
export const OFFICIAL_META_KEY = "io.modelcontextprotocol.registry/official";

/** One entry of the official API: the server.json as submitted, plus the registry's metadata. */
export function toServerResponse(version: ServerVersion) {
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
    },
  };
}

export function toServerList(versions: ServerVersion[], nextCursor?: string) {
  return {
    servers: versions.map(toServerResponse),
    metadata: { count: versions.length, ...(nextCursor ? { nextCursor } : {}) },
  };
}

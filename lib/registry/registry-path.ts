import { isPlainText } from "@/lib/validation/storable-text";

/** Each `/`-separated segment percent-decoded; null when one cannot be, or holds control characters. */
function decodeSegments(rawPath: string): string | null {
  let decoded: string;
  try {
    decoded = rawPath.slice(1).split("/").map(decodeURIComponent).join("/");
  } catch {
    return null;
  }
  // No server name or version contains control characters (PostgreSQL rejects NUL outright).
  return isPlainText(decoded) ? decoded : null;
}

/** What a path under `/v0.1/` (or `/v0/`) asks for. */
export type RegistryRoute =
  | { kind: "list" }
  | { kind: "versions"; serverName: string }
  | { kind: "version"; serverName: string; version: string };

/**
 * Reads a raw (still percent-encoded) path. Server names contain one `/`, which clients send
 * as `%2F` (as the official API documents) or, for some, unencoded; both are accepted because a
 * server name has exactly one slash. Returns null for paths that name nothing.
 */
export function parseRegistryPath(rawPath: string): RegistryRoute | null {
  const match = /^\/v0(?:\.1)?\/servers(\/.*)?$/.exec(rawPath.replace(/\/+$/, ""));
  if (!match) return null;
  if (!match[1]) return { kind: "list" };
  const decoded = decodeSegments(match[1]);
  if (decoded === null) return null;
  const route = /^([^/]+\/[^/]+)\/versions(?:\/(.+))?$/.exec(decoded);
  if (!route?.[1]) return null;
  return route[2] === undefined
    ? { kind: "versions", serverName: route[1] }
    : { kind: "version", serverName: route[1], version: route[2] };
}

export type VersionArtifact = "bundle" | "report";

/**
 * Reads `/api/v1/servers/{name}/versions/{version}/{bundle|report}` (raw, still encoded), with
 * the server name's slash encoded or not, as for the read API.
 */
export function parseArtifactPath(rawPath: string): { serverName: string; version: string; artifact: VersionArtifact } | null {
  const match = /^\/api\/v1\/servers(\/.+)$/.exec(rawPath.replace(/\/+$/, ""));
  const decoded = match?.[1] ? decodeSegments(match[1]) : null;
  const route = decoded ? /^([^/]+\/[^/]+)\/versions\/([^/]+)\/(bundle|report)$/.exec(decoded) : null;
  return route ? { serverName: route[1]!, version: route[2]!, artifact: route[3] as VersionArtifact } : null;
}

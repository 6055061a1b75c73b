import { isPlainText } from "@/lib/validation/storable-text";

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
  let segments: string[];
  try {
    segments = match[1].slice(1).split("/").map(decodeURIComponent);
  } catch {
    return null;
  }
  const decoded = segments.join("/");
  // No server name or version contains control characters (PostgreSQL rejects NUL outright).
  if (!isPlainText(decoded)) return null;
  const route = /^([^/]+\/[^/]+)\/versions(?:\/(.+))?$/.exec(decoded);
  if (!route?.[1]) return null;
  return route[2] === undefined
    ? { kind: "versions", serverName: route[1] }
    : { kind: "version", serverName: route[1], version: route[2] };
}

/**
 * The base URL MCP clients should use: SIGIL_PUBLIC_URL when set (behind a proxy that rewrites
 * hosts), otherwise what the request itself arrived at.
 */
export function registryBaseUrl(headers: Headers, publicUrl = process.env.SIGIL_PUBLIC_URL): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, "");
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? "localhost:3000";
  const proto = headers.get("x-forwarded-proto") ?? "http";
  return `${proto.split(",")[0]?.trim() || "http"}://${host.split(",")[0]?.trim()}`;
}

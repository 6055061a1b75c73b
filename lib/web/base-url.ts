/**
 * The base URL MCP clients should use: SIGIL_PUBLIC_URL when set; otherwise the request's own
 * Host. X-Forwarded-Host/-Proto are believed only with SIGIL_TRUST_PROXY=true, because any
 * client can send them.
 */
export function registryBaseUrl(headers: Headers, env: Record<string, string | undefined> = process.env): string {
  if (env.SIGIL_PUBLIC_URL) return env.SIGIL_PUBLIC_URL.replace(/\/+$/, "");
  const trustProxy = env.SIGIL_TRUST_PROXY === "true";
  const first = (value: string | null) => value?.split(",")[0]?.trim() || undefined;
  const host = (trustProxy ? first(headers.get("x-forwarded-host")) : undefined) ?? headers.get("host") ?? "localhost:3000";
  const proto = (trustProxy ? first(headers.get("x-forwarded-proto")) : undefined) ?? "http";
  return `${proto}://${host}`;
}

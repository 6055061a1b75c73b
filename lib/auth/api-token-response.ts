import type { ApiToken } from "@/lib/db/generated/client";

/** A token as lists show it: its prefix, never its secret or hash. */
export const toApiTokenResponse = (token: ApiToken) => ({
  id: token.id,
  name: token.name,
  prefix: token.prefix,
  scopes: token.scopes,
  namespaces: token.namespaces,
  createdAt: token.createdAt.toISOString(),
  expiresAt: token.expiresAt.toISOString(),
  revokedAt: token.revokedAt?.toISOString() ?? null,
});

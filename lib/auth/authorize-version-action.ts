import { requireTokenScope, withinToken } from "@/lib/auth/authorize";
import type { Principal } from "@/lib/auth/principal";
import type { TokenScope } from "@/lib/auth/token-scopes";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { namespaceOf } from "@/lib/versions/submit-version";

/**
 * An API token must carry `scope` for the namespace of the version it acts on. A version
 * outside the token's namespaces does not exist for it: the answer must not name its namespace.
 */
export async function requireScopeForVersion(principal: Principal, versionId: string, scope: TokenScope): Promise<void> {
  if (!principal.token) return;
  const version = await db().serverVersion.findUnique({ where: { id: versionId }, select: { serverName: true } });
  const namespace = version && namespaceOf(version.serverName);
  if (!namespace || !withinToken(principal, namespace)) throw notFound(`No submission ${versionId}.`);
  requireTokenScope(principal, scope, namespace);
}

import type { User } from "@/lib/db/generated/client";
import { db } from "@/lib/db/client";
import { forbidden, unauthorized } from "@/lib/errors";
import { tokenHash } from "@/lib/auth/api-token-secret";
import { sessionCookieName, sessionOfCookie } from "@/lib/auth/session-cookie";
import type { TokenScope } from "@/lib/auth/token-scopes";
import { registryBaseUrl } from "@/lib/web/base-url";

/** Who is making a request: a signed-in user, or a user's API token with its limits. */
export interface Principal {
  user: User;
  token?: { id: string; scopes: TokenScope[]; namespaces: string[] };
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function cookieValue(request: Request, name: string): string | undefined {
  for (const part of request.headers.get("cookie")?.split(";") ?? []) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

/**
 * The signed-in, enabled user whose session cookie is `value`, loaded afresh so that role
 * changes apply at once; null for a session signed before the user last signed out.
 */
export async function userOfSession(value: string | undefined): Promise<User | null> {
  return sessionUser(await sessionOfCookie(value));
}

/** The enabled user of a decoded session, or null when sign-out, a password change or disabling ended it. */
export async function sessionUser(session: { userId: string; signedInAt: number } | undefined): Promise<User | null> {
  if (!session) return null;
  const user = await db().user.findUnique({ where: { id: session.userId } });
  if (!user || user.disabledAt) return null;
  if (user.sessionsValidAfter && session.signedInAt * 1000 < user.sessionsValidAfter.getTime()) return null;
  return user;
}

async function principalOfToken(secret: string): Promise<Principal> {
  const token = await db().apiToken.findUnique({ where: { tokenHash: tokenHash(secret) }, include: { user: true } });
  if (!token || token.revokedAt || token.expiresAt <= new Date() || token.user.disabledAt) {
    throw unauthorized("The API token is not valid: it is unknown, expired or revoked.");
  }
  return { user: token.user, token: { id: token.id, scopes: token.scopes as TokenScope[], namespaces: token.namespaces } };
}

/**
 * The principal of an API request: `Authorization: Bearer <API token>`, else the session
 * cookie. A cookie-authenticated request that changes state must come from the registry's
 * own pages (its Origin): SameSite cookies are the first guard against cross-site requests,
 * this is the second. Null when the request carries no credentials.
 */
export async function principalOf(request: Request): Promise<Principal | null> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const [scheme, secret] = authorization.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !secret) throw unauthorized("Send an API token as `Authorization: Bearer <token>`.");
    return principalOfToken(secret);
  }
  const session = cookieValue(request, sessionCookieName());
  if (!session) return null;
  const user = await userOfSession(session);
  if (!user) return null;
  if (UNSAFE_METHODS.has(request.method)) {
    const origin = request.headers.get("origin");
    if (origin !== registryBaseUrl(request.headers)) throw forbidden("Cross-site request refused: this request did not come from the registry's own pages.");
  }
  return { user };
}

import { Role } from "@/lib/db/generated/client";
import { forbidden, unauthorized } from "@/lib/errors";
import type { Principal } from "@/lib/auth/principal";
import type { TokenScope } from "@/lib/auth/token-scopes";

const ROLE_NAMES: Record<Role, string> = { MAINTAINER: "maintainers", REVIEWER: "reviewers", ADMIN: "admins" };

/** The principal, or 401 for a request without credentials. */
export function requireSignedIn(principal: Principal | null): Principal {
  if (!principal) throw unauthorized("Sign in, or send an API token as `Authorization: Bearer <token>`.");
  return principal;
}

export const hasRole = (principal: Principal | null, ...roles: Role[]) => Boolean(principal && roles.some((role) => principal.user.roles.includes(role)));

/** The principal when its user holds one of `roles` (admins hold every role's rights). */
export function requireRole(principal: Principal | null, ...roles: Role[]): Principal {
  const signedIn = requireSignedIn(principal);
  if (!hasRole(signedIn, ...roles, Role.ADMIN)) throw forbidden(`Only ${roles.map((role) => ROLE_NAMES[role]).join(" or ")} can do this.`);
  return signedIn;
}

/** A signed-in user in the browser: managing tokens and namespaces, and admin work, are never done with an API token. */
export function requireSession(principal: Principal | null): Principal {
  const signedIn = requireSignedIn(principal);
  if (signedIn.token) throw forbidden("This is done by a signed-in user, not with an API token.");
  return signedIn;
}

export function requireAdmin(principal: Principal | null): Principal {
  const signedIn = requireSignedIn(principal);
  if (!signedIn.user.roles.includes(Role.ADMIN)) throw forbidden("Only admins can do this.");
  return requireSession(signedIn);
}

/** A token must carry `scope` for `namespace`; a signed-in session is limited only by its roles. */
export function requireTokenScope(principal: Principal, scope: TokenScope, namespace: string): void {
  if (!principal.token) return;
  if (!principal.token.scopes.includes(scope)) throw forbidden(`This API token does not have the "${scope}" scope.`);
  if (!principal.token.namespaces.includes(namespace)) throw forbidden(`This API token is not valid for the namespace "${namespace}".`);
}

/** Whether a principal may see a namespace at all: an API token sees only its own namespaces. */
export const withinToken = (principal: Principal, namespace: string) => !principal.token || principal.token.namespaces.includes(namespace);

import { decode } from "next-auth/jwt";

/** The session cookie's name: next-auth prefixes it `__Secure-` when the registry is served over https. */
export function sessionCookieName(): string {
  return process.env.NEXTAUTH_URL?.startsWith("https://") ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

export function authSecret(): string {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set: start the registry with `npm start`, which sets it from SIGIL_AUTH_SECRET or the data directory.");
  return secret;
}

/** The user id and sign-in time (seconds) a session holds; undefined for anything else. */
export function sessionOfToken(token: Record<string, unknown> | null | undefined): { userId: string; signedInAt: number } | undefined {
  return typeof token?.sub === "string" && typeof token.signedInAt === "number" ? { userId: token.sub, signedInAt: token.signedInAt } : undefined;
}

/**
 * The session in a cookie's value; undefined when it is missing, forged or expired. The time
 * that counts is when the user signed in, which a refresh of the cookie does not change (its
 * `iat` does).
 */
export async function sessionOfCookie(value: string | undefined): Promise<{ userId: string; signedInAt: number } | undefined> {
  if (!value) return undefined;
  try {
    return sessionOfToken(await decode({ token: value, secret: authSecret() }));
  } catch {
    return undefined;
  }
}

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

/** The user id and signing time (seconds) in a session cookie's value; undefined when it is missing, forged or expired. */
export async function sessionOfCookie(value: string | undefined): Promise<{ userId: string; issuedAt: number } | undefined> {
  if (!value) return undefined;
  try {
    const token = await decode({ token: value, secret: authSecret() });
    return typeof token?.sub === "string" && typeof token.iat === "number" ? { userId: token.sub, issuedAt: token.iat } : undefined;
  } catch {
    return undefined;
  }
}

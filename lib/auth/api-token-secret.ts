import crypto from "node:crypto";

// Recognisable in logs and by secret scanners; the rest is 256 random bits.
const TOKEN_PREFIX = "sigil_";

export function newTokenSecret(): string {
  return TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
}

/** What is stored: the token's SHA-256. A 256-bit random secret needs no slow hash. */
export const tokenHash = (secret: string) => crypto.createHash("sha256").update(secret).digest("hex");

/** The part shown in lists so that a user can tell tokens apart. */
export const tokenDisplayPrefix = (secret: string) => secret.slice(0, TOKEN_PREFIX.length + 6);

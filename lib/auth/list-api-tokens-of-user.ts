import { toApiTokenResponse } from "@/lib/auth/api-token-response";
import { db } from "@/lib/db/client";

/** A user's API tokens, newest first, revoked and expired ones included: prefixes only, never a secret or hash. */
export async function listApiTokensOfUser(userId: string) {
  const tokens = await db().apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
  return tokens.map(toApiTokenResponse);
}

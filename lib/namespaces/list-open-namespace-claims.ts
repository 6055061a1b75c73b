import { db } from "@/lib/db/client";
import { claimInstructions } from "@/lib/namespaces/namespace-claims";

/** A user's claims that can still be verified (not verified, not expired), newest first, with what to publish where. */
export async function listOpenNamespaceClaims(userId: string, now = new Date()) {
  const claims = await db().namespaceClaim.findMany({
    where: { userId, verifiedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
  });
  return claims.map((claim) => ({ ...claimInstructions(claim), createdAt: claim.createdAt }));
}

import { db } from "@/lib/db/client";
import { ReviewDecision, VersionState } from "@/lib/db/generated/client";
import { notFound } from "@/lib/errors";

/**
 * A server's public page: its published and revoked versions, newest publication first, each
 * with the scan report that was approved and who approved it. Nothing unpublished is shown.
 */
export async function findServerDetail(name: string) {
  const versions = await db().serverVersion.findMany({
    where: { serverName: name, state: { in: [VersionState.PUBLISHED, VersionState.REVOKED] } },
    orderBy: [{ publishedAt: "desc" }, { version: "desc" }],
    include: {
      scanReports: { orderBy: { createdAt: "desc" }, take: 1, select: { id: true, verdict: true, summary: true, createdAt: true, contentDigest: true, scannerVersion: true } },
      reviews: { where: { decision: ReviewDecision.APPROVE }, orderBy: { createdAt: "asc" }, include: { reviewer: { select: { name: true, githubLogin: true } } } },
      revocation: { select: { reason: true, revokedAt: true } },
      attestation: { select: { mode: true, keyId: true, identity: true, signedAt: true } },
    },
  });
  if (versions.length === 0) throw notFound(`No published server ${name}.`);
  return versions;
}

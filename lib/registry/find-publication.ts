import { db } from "@/lib/db/client";
import { VersionState } from "@/lib/db/generated/client";
import { notFound } from "@/lib/errors";
import { signedStatementOf } from "@/lib/registry/review-meta";

/**
 * A published (or since revoked) version with its signed bundle and the scan report the
 * bundle signs (found by the digest in the signed statement). Never an unpublished version.
 */
export async function findPublication(serverName: string, version: string) {
  const found = await db().serverVersion.findFirst({
    where: { serverName, state: { in: [VersionState.PUBLISHED, VersionState.REVOKED] }, version },
    include: { attestation: true, revocation: true },
  });
  if (!found?.attestation) throw notFound(`No signed publication of ${serverName} version ${version}.`);
  const digest = signedStatementOf(found.attestation.bundle).predicate.scanReport.digest.sha256;
  const report = await db().scanReport.findFirst({ where: { versionId: found.id, contentDigest: digest } });
  return { version: found, attestation: found.attestation, revocation: found.revocation, report };
}

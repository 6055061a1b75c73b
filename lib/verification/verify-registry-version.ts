import crypto from "node:crypto";
import ssri from "ssri";
import { db } from "@/lib/db/client";
import { VersionState } from "@/lib/db/generated/client";
import { badRequest } from "@/lib/errors";
import { log } from "@/lib/log";
import { sha512HexOf } from "@/lib/signing/review-statement";
import { registryTrust } from "@/lib/signing/trust-documents";
import type { KnownDigests } from "@/lib/verify/check-review-statement";
import type { VerificationReason } from "@/lib/verify/verification-failure";
import { verifyPublication } from "@/lib/verify/verify-publication";

export interface VersionVerificationRequest {
  name: string;
  version: string;
  /** An npm integrity string (sha512 and/or sha256) the client holds for the tarball. */
  integrity?: string;
  /** The digests (hex) of the tarball the client sent, when it sent one. */
  tarball?: { sha512: string; sha256: string };
}

/** The verification endpoint's answer. */
export interface VersionVerification {
  verified: boolean;
  reasons: VerificationReason[];
  name: string;
  version: string;
  /** The integrity the registry pinned for this version. */
  integrity: string | null;
  keyId: string | null;
  signedAt: string | null;
  revoked: boolean;
}

/** The hex digests an integrity string holds; a 400 when it holds neither sha512 nor sha256. */
function digestsOfIntegrity(integrity: string): KnownDigests {
  const parsed = ssri.parse(integrity, { single: false });
  const hex = (algorithm: "sha512" | "sha256") => {
    const hash = (parsed as unknown as Record<string, { digest: string }[] | undefined>)[algorithm]?.[0];
    return hash ? Buffer.from(hash.digest, "base64").toString("hex") : undefined;
  };
  const digests = { source: "The integrity given", sha512: hex("sha512"), sha256: hex("sha256") };
  if (!digests.sha512 && !digests.sha256) throw badRequest("integrity: must be an npm integrity string with a sha512 or sha256 hash, such as sha512-…");
  return digests;
}

/**
 * Verifies a version as an offline client would, against the registry's published trust:
 * the stored bundle, the statement (server, package, digests: the registry's record, and the
 * integrity or tarball the client sent), and revocation, read at this moment. Never throws for
 * a version that fails: every problem is a reason, and an unexpected error is UNAVAILABLE.
 */
export async function verifyRegistryVersion(request: VersionVerificationRequest): Promise<VersionVerification> {
  const given = request.integrity ? [digestsOfIntegrity(request.integrity)] : [];
  const answer = (fields: Partial<VersionVerification>): VersionVerification => ({
    verified: false,
    reasons: [],
    name: request.name,
    version: request.version,
    integrity: null,
    keyId: null,
    signedAt: null,
    revoked: false,
    ...fields,
  });
  try {
    const found = await db().serverVersion.findFirst({
      where: { serverName: request.name, version: request.version, state: { in: [VersionState.PUBLISHED, VersionState.REVOKED] } },
      include: { attestation: true, revocation: true },
    });
    if (!found?.attestation || !found.integrity || !found.packageIdentifier || !found.packageVersion) {
      return answer({ reasons: [{ code: "NOT_FOUND", message: `${request.name} version ${request.version} has no signed publication in this registry.` }] });
    }
    const digests: KnownDigests[] = [{ source: "The registry's record", sha512: sha512HexOf(found.integrity), sha256: found.sha256 ?? undefined }, ...given];
    if (request.tarball) digests.push({ source: "The tarball sent", ...request.tarball });
    const revocation = found.revocation
      ? { revokedAt: found.revocation.revokedAt.toISOString(), reason: found.revocation.reason }
      : found.state === VersionState.REVOKED
        ? { revokedAt: found.statusChangedAt.toISOString(), reason: "revoked" }
        : undefined;
    const verdict = verifyPublication({
      bundle: found.attestation.bundle,
      expected: { server: { name: found.serverName, version: found.version }, package: { name: found.packageIdentifier, version: found.packageVersion }, digests, serverJsonDigest: found.serverJsonDigest },
      trust: await registryTrust(),
      revocation,
    });
    return answer({
      verified: verdict.verified,
      reasons: verdict.reasons,
      integrity: found.integrity,
      keyId: verdict.signer?.kind === "registry-key" ? verdict.signer.keyId : null,
      signedAt: verdict.signedAt,
      revoked: revocation !== undefined,
    });
  } catch (error) {
    const errorId = crypto.randomUUID();
    log.error({ errorId, err: error, name: request.name, version: request.version }, "verification failed unexpectedly");
    return answer({ reasons: [{ code: "UNAVAILABLE", message: `The registry could not complete the verification (error id ${errorId}).` }] });
  }
}

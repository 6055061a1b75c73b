import { VersionState } from "@/lib/db/generated/client";
import type { ListedVersion } from "@/lib/registry/find-versions";
import { readReviewStatement, type ReviewStatement } from "@/lib/verify/check-review-statement";

/** The `_meta` key of Sigil's own block in read-API responses and publish answers. */
export const REVIEW_META_KEY = "dev.sigil/review";

const DEFAULT_NPM_REGISTRY = "https://registry.npmjs.org/";

/** Where npm serves a package's tarball: `<registry><name>/-/<name without scope>-<version>.tgz`. */
export function npmTarballUrl(name: string, version: string, registry = process.env.SIGIL_NPM_REGISTRY || DEFAULT_NPM_REGISTRY): string {
  return `${registry.replace(/\/*$/, "/")}${name}/-/${name.split("/").pop()}-${version}.tgz`;
}

/** The path of a version's artifacts under `/api/v1/servers/`, name and version encoded. */
export const versionApiPath = (serverName: string, version: string) => `/api/v1/servers/${encodeURIComponent(serverName)}/versions/${encodeURIComponent(version)}`;

/** The statement a stored bundle signs, read (not verified: the registry wrote it, and clients verify it themselves). */
export function signedStatementOf(bundle: unknown): ReviewStatement {
  const envelope = (bundle as { dsseEnvelope: { payloadType: string; payload: string } }).dsseEnvelope;
  return readReviewStatement(envelope.payloadType, Buffer.from(envelope.payload, "base64"));
}

/**
 * Sigil's block in every read-API entry: what a client needs to install the exact reviewed
 * bytes and verify them. The verdict, approvals and permissions are the ones the bundle signs.
 * Versions published before signing existed have no bundle, and null where it would be.
 */
export function reviewMeta(version: ListedVersion, baseUrl: string) {
  const statement = version.attestation ? signedStatementOf(version.attestation.bundle) : null;
  const artifacts = `${baseUrl}${versionApiPath(version.serverName, version.version)}`;
  return {
    status: version.state === VersionState.REVOKED ? "revoked" : "published",
    integrity: version.integrity,
    sha256: version.sha256,
    tarballUrl: version.packageIdentifier && version.packageVersion ? npmTarballUrl(version.packageIdentifier, version.packageVersion) : null,
    bundleUrl: version.attestation ? `${artifacts}/bundle` : null,
    reportUrl: `${artifacts}/report`,
    verdict: statement?.predicate.scanReport.verdict.toLowerCase() ?? null,
    approvals: statement?.predicate.approvals ?? [],
    permissions: statement ? (statement.predicate.permissions ?? null) : null,
    signedAt: version.attestation?.signedAt.toISOString() ?? null,
    keyId: version.attestation?.keyId ?? null,
  };
}

import crypto from "node:crypto";
import npa from "npm-package-arg";
import pacote from "pacote";
import { ClientError } from "@/lib/client/client-error";
import type { RegistryClient } from "@/lib/client/registry-client";
import { checkRevocationListFreshness, defaultTrustDir, loadPinnedTrust } from "@/lib/client/trust-store";
import { canonicalDigest } from "@/lib/validation/canonical-digest";
import { npmPackageOf, parseServerJson, type ServerJson } from "@/lib/validation/server-json";
import { findRevocation, readRevocationList } from "@/lib/verify/revocation-list";
import { VerificationFailure } from "@/lib/verify/verification-failure";
import { type PublicationVerdict, verifyPublication } from "@/lib/verify/verify-publication";

export interface RemoteVerification {
  verdict: PublicationVerdict;
  server: ServerJson;
  /** The npm package and version the signed statement names, and the downloaded tarball's integrity. */
  packageName: string;
  packageVersion: string;
  integrity: string;
  trustDir: string;
  pinnedNow: boolean;
}

interface ReviewBlock {
  tarballUrl?: string | null;
  bundleUrl?: string | null;
}

/** Splits `io.github.alice/weather@1.2.0` at its last `@`; no version means the latest. */
export function parseVersionSpec(spec: string): { name: string; version: string } {
  const at = spec.lastIndexOf("@");
  const [name, version] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, "latest"];
  if (!/^[^/\s]+\/[^/\s]+$/.test(name) || !version) throw new ClientError("USAGE", `${spec} is not a server name with an optional version, such as io.github.alice/weather@1.2.0.`);
  return { name, version };
}

/**
 * What `sigil verify` does: resolves the version in the registry's read API (which must answer
 * for the very name and version asked for), downloads its tarball (with pacote, from the http(s)
 * URL the registry names, never running anything; the signed digests decide whether the bytes
 * are right), and verifies its bundle offline against the pinned trust and a current, signed
 * revocation list. Throws a ClientError when something needed cannot be had;
 * otherwise the verdict says whether everything holds.
 */
export async function verifyRemoteVersion(registry: RegistryClient, spec: string, trustRoot?: string, now = new Date()): Promise<RemoteVerification> {
  const { name, version } = parseVersionSpec(spec);
  const { trust, dir, pinnedNow } = await loadPinnedTrust(registry, trustRoot);
  const entry = (await registry.json(`/v0.1/servers/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}?include_deleted=true`, { allowMissing: true })) as {
    server: unknown;
    _meta?: Record<string, ReviewBlock>;
  } | null;
  if (!entry) throw new ClientError("NOT_FOUND", `${registry.baseUrl} lists no ${name} version ${version}.`, 1);
  const server = parseServerJson(entry.server);
  // The read API is not signed: an answer for another server, or another version than the one
  // asked for (an older one, also signed), must not pass for the one asked for.
  if (server.name !== name || (version !== "latest" && server.version !== version)) {
    throw new ClientError("SUBJECT_MISMATCH", `Asked for ${name}@${version}, the registry answered with ${server.name}@${server.version}.`, 1);
  }
  const review = entry._meta?.["dev.sigil/review"];
  const npm = npmPackageOf(server);
  if (!npm?.version) throw new ClientError("NOT_FOUND", `${name}@${server.version} has no npm package to verify.`, 1);
  if (!review?.bundleUrl || !review.tarballUrl) throw new ClientError("NOT_FOUND", `${name}@${server.version} has no signed publication in ${registry.baseUrl}.`, 1);

  let list;
  try {
    list = readRevocationList(await registry.json("/.well-known/sigil/revocations.json"), trust, now);
  } catch (error) {
    if (error instanceof VerificationFailure) throw new ClientError(error.code, error.message, 1);
    throw error;
  }
  // Remembered per registry, wherever the trust comes from (a --trust-root folder may be read-only).
  checkRevocationListFreshness(defaultTrustDir(registry.baseUrl), list.issuedAt);

  const bundle = await registry.json(review.bundleUrl);
  let tarball: Buffer;
  try {
    // Only a plain download: pacote fetches git and directory specs by installing them, scripts and all.
    const spec = npa(review.tarballUrl);
    if (spec.type !== "remote" || !/^https?:\/\//.test(review.tarballUrl)) throw new Error("it is not an http(s) tarball URL");
    tarball = await pacote.tarball(review.tarballUrl, { ignoreScripts: true });
  } catch (error) {
    throw new ClientError("UNAVAILABLE", `The tarball at ${review.tarballUrl} could not be downloaded: ${(error as Error).message.split("\n")[0]}`);
  }
  const sha512 = crypto.createHash("sha512").update(tarball).digest();
  const revoked = findRevocation(list, { name, version: server.version }, sha512.toString("hex"));
  const verdict = verifyPublication({
    bundle,
    expected: {
      server: { name, version: server.version },
      package: { name: npm.identifier, version: npm.version },
      digests: [{ source: `The tarball downloaded from ${review.tarballUrl}`, sha512: sha512.toString("hex"), sha256: crypto.createHash("sha256").update(tarball).digest("hex") }],
      // What install writes comes from this server.json: it must be the one reviewed.
      serverJsonDigest: canonicalDigest(entry.server),
    },
    trust,
    revocation: revoked && { revokedAt: revoked.revokedAt, reason: revoked.reason },
    now,
  });
  return { verdict, server, packageName: npm.identifier, packageVersion: npm.version, integrity: `sha512-${sha512.toString("base64")}`, trustDir: dir, pinnedNow };
}

import crypto from "node:crypto";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import ssri from "ssri";
import { registryKeyPayloadSigner } from "@/lib/signing/payload-signer";
import { keyIdOf, type RegistryKey } from "@/lib/signing/registry-key";
import { reviewStatement } from "@/lib/signing/review-statement";
import type { Witness } from "@sigstore/sign";
import type { CertificateAuthority } from "@sigstore/protobuf-specs";
import { parseTrust, type SigilTrust } from "@/lib/verify/trust-material";

export function newRegistryKey(): RegistryKey {
  const { privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const publicKeyDer = crypto.createPublicKey(privateKey).export({ type: "spki", format: "der" });
  return { keyId: keyIdOf(publicKeyDer), privateKey, publicKeyDer };
}

/** keys.json for these keys, each valid in the window given (from the epoch, open-ended, by default). */
export function keysDocumentFor(keys: { key: RegistryKey; start?: Date; end?: Date }[]) {
  return {
    keys: keys.map(({ key, start = new Date(0), end }) => ({
      keyId: key.keyId,
      publicKey: { rawBytes: key.publicKeyDer.toString("base64"), keyDetails: "PKIX_ECDSA_P256_SHA_256" as const, validFor: { start: start.toISOString(), ...(end ? { end: end.toISOString() } : {}) } },
    })),
  };
}

export const EMPTY_TRUSTED_ROOT = { mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1", tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] };

/** A client's trust in these registry keys, with the timestamp authorities given (JSON, as trusted_root.json has them). */
export function trustIn(keys: Parameters<typeof keysDocumentFor>[0], timestampAuthorities: CertificateAuthority[] = []): SigilTrust {
  return parseTrust({
    keys: keysDocumentFor(keys),
    trustedRoot: TrustedRoot.toJSON({ ...TrustedRoot.fromJSON(EMPTY_TRUSTED_ROOT), timestampAuthorities }),
    identities: { identities: [] },
  });
}

/** The tarball of a version, its digests, and what a client expects of its publication. */
export function fixturePublication(bytes = Buffer.from("the exact bytes of weather-mcp 2.1.0")) {
  const sha512 = crypto.createHash("sha512").update(bytes).digest("hex");
  const sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
  return {
    bytes,
    integrity: ssri.fromData(bytes, { algorithms: ["sha512"] }).toString(),
    sha256,
    expected: {
      server: { name: "io.github.alice/weather", version: "2.1.0" },
      package: { name: "@alice/weather-mcp", version: "2.1.0" },
      digests: [{ source: "The tarball", sha512, sha256 }],
    },
  };
}

/** Sigil's review statement for the fixture publication; `overrides` change the package, server or time it names. */
export function statementFor(publication: ReturnType<typeof fixturePublication>, overrides: { packageName?: string; serverName?: string; publishedAt?: Date } = {}) {
  return reviewStatement({
    packageName: overrides.packageName ?? publication.expected.package.name,
    packageVersion: publication.expected.package.version,
    integrity: publication.integrity,
    sha256: publication.sha256,
    server: { name: overrides.serverName ?? publication.expected.server.name, version: publication.expected.server.version },
    serverJsonDigest: "5e".repeat(32),
    report: { digest: "ef".repeat(32), verdict: "PASS", scannerVersion: "sigil-scanner@test" },
    approvals: [{ reviewer: "user:r1", name: "Rita Reviewer", at: new Date("2026-11-22T08:00:00Z"), override: false }],
    permissions: { network: { outbound: { allow_host: ["api.weather.gov"] } } },
    publishedAt: overrides.publishedAt ?? new Date(),
  });
}

/** A registry-key signer, with the witnesses given (a timestamp authority). */
export const signerFor = (key: RegistryKey, witnesses: Witness[] = []) => registryKeyPayloadSigner(key, witnesses);

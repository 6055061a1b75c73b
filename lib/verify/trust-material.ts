import { PublicKeyDetails, TrustedRoot } from "@sigstore/protobuf-specs";
import { toTrustMaterial, type TrustMaterial } from "@sigstore/verify";
import { z } from "zod";
import { VerificationFailure } from "@/lib/verify/verification-failure";

const validFor = z.object({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }).optional() });

/** `/.well-known/sigil/keys.json`: the registry's keys, in npm's keys.json shape. */
export const keysDocumentShape = z.object({
  keys: z.array(
    z.object({
      keyId: z.string().min(1),
      publicKey: z.object({ rawBytes: z.base64(), keyDetails: z.literal("PKIX_ECDSA_P256_SHA_256"), validFor }),
    }),
  ),
});
export type KeysDocument = z.infer<typeof keysDocumentShape>;

/** `/.well-known/sigil/identities.json`: the workload identities that sign keyless, each pinned by issuer and exact SAN. */
export const identitiesDocumentShape = z.object({
  identities: z.array(z.object({ issuer: z.url(), subjectAlternativeName: z.string().min(1), validFor })),
});
export type IdentitiesDocument = z.infer<typeof identitiesDocumentShape>;

/** Everything a client needs to verify what this registry signs, as published and pinned. */
export interface SigilTrust {
  keys: KeysDocument;
  /** A Sigstore TrustedRoot: the timestamp authorities, certificate authorities and logs in use. */
  trustedRoot: TrustedRoot;
  identities: IdentitiesDocument;
}

export interface TrustDocuments {
  keys: unknown;
  trustedRoot: unknown;
  identities: unknown;
}

/** Reads the three published documents; a malformed one is TRUST_INVALID, naming it. */
export function parseTrust(documents: TrustDocuments): SigilTrust {
  const read = <T>(name: string, parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      const detail = error instanceof z.ZodError ? z.prettifyError(error).replace(/\s+/g, " ") : (error as Error).message;
      throw new VerificationFailure("TRUST_INVALID", `${name} is not valid: ${detail}`);
    }
  };
  return {
    keys: read("keys.json", () => keysDocumentShape.parse(documents.keys)),
    trustedRoot: read("trusted_root.json", () => {
      const root = TrustedRoot.fromJSON(documents.trustedRoot);
      if (!root.mediaType?.startsWith("application/vnd.dev.sigstore.trustedroot")) throw new Error("it is not a Sigstore trusted root");
      return root;
    }),
    identities: read("identities.json", () => identitiesDocumentShape.parse(documents.identities)),
  };
}

const materials = new WeakMap<SigilTrust, TrustMaterial>();

/**
 * @sigstore/verify's view of the trust: the root's authorities and logs, and the registry keys
 * by key id. Made once per trust (its keys and certificates parsed once), as a client verifies
 * many bundles against one trust.
 */
export function sigstoreTrustMaterial(trust: SigilTrust): TrustMaterial {
  let material = materials.get(trust);
  if (!material) {
    material = buildTrustMaterial(trust);
    materials.set(trust, material);
  }
  return material;
}

function buildTrustMaterial(trust: SigilTrust): TrustMaterial {
  const keys = Object.fromEntries(
    trust.keys.keys.map((key) => [
      key.keyId,
      {
        rawBytes: Buffer.from(key.publicKey.rawBytes, "base64"),
        keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
        validFor: { start: new Date(key.publicKey.validFor.start), ...(key.publicKey.validFor.end ? { end: new Date(key.publicKey.validFor.end) } : {}) },
      },
    ]),
  );
  return toTrustMaterial(trust.trustedRoot, keys);
}

/** Whether `time` lies in a published validity window (both ends included, as @sigstore/verify has it). */
export function withinValidity(window: { start: string; end?: string }, time: Date): boolean {
  return new Date(window.start) <= time && (!window.end || time <= new Date(window.end));
}

/**
 * Whether a registry-key signature made at `time` must carry a timestamp: whenever a timestamp
 * authority of the trusted root was in use then. Outside those windows the registry did not
 * timestamp, so a bundle is checked against the signing time it states.
 */
export function timestampRequiredAt(trust: SigilTrust, time: Date): boolean {
  return trust.trustedRoot.timestampAuthorities.some((authority) => (authority.validFor?.start ?? new Date(0)) <= time && (!authority.validFor?.end || time <= authority.validFor.end));
}

import { bundleToJSON, type SerializedBundle } from "@sigstore/bundle";
import { DSSEBundleBuilder, FulcioSigner, type IdentityProvider, RekorWitness, type Signer, type Witness } from "@sigstore/sign";
import type { RegistryKey } from "@/lib/signing/registry-key";
import { RegistryKeySigner } from "@/lib/signing/registry-key-signer";

export type SigningModeName = "REGISTRY_KEY" | "SIGSTORE_KEYLESS";

/** Who signs this registry's publications and revocation lists, and how: one bundle format either way. */
export interface PayloadSigner {
  mode: SigningModeName;
  /** The registry key's id in registry-key mode; keyless signatures name a certificate instead. */
  keyId: string | null;
  /** Signs a payload as a DSSE envelope in a Sigstore bundle (v0.3 JSON), with the witnesses' timestamps and log entries. */
  sign(payload: Buffer, payloadType: string): Promise<SerializedBundle>;
}

function dssePayloadSigner(mode: SigningModeName, keyId: string | null, signer: Signer, witnesses: Witness[]): PayloadSigner {
  const builder = new DSSEBundleBuilder({ signer, witnesses });
  return {
    mode,
    keyId,
    async sign(payload, payloadType) {
      return bundleToJSON(await builder.create({ data: payload, type: payloadType }));
    },
  };
}

/** The registry's own ECDSA P-256 key; `witnesses` adds an RFC 3161 timestamp when a TSA is configured. */
export const registryKeyPayloadSigner = (key: RegistryKey, witnesses: Witness[] = []): PayloadSigner =>
  dssePayloadSigner("REGISTRY_KEY", key.keyId, new RegistryKeySigner(key), witnesses);

export interface KeylessOptions {
  fulcioUrl: string;
  rekorUrl: string;
  /** Where the workload's OIDC token comes from, fresh for every signature. */
  identityProvider: IdentityProvider;
  witnesses?: Witness[];
}

/**
 * Sigstore keyless: an ephemeral key certified by Fulcio for the workload's OIDC identity, the
 * signature entered in Rekor (its inclusion promise is the signing time verifiers trust).
 */
export const keylessPayloadSigner = (options: KeylessOptions): PayloadSigner =>
  dssePayloadSigner(
    "SIGSTORE_KEYLESS",
    null,
    new FulcioSigner({ fulcioBaseURL: options.fulcioUrl, identityProvider: options.identityProvider }),
    [new RekorWitness({ rekorBaseURL: options.rekorUrl, entryType: "dsse" }), ...(options.witnesses ?? [])],
  );

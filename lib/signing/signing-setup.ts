import crypto from "node:crypto";
import fs from "node:fs";
import { type SigilConfig, readConfig } from "@/lib/config";
import { badRequest } from "@/lib/errors";
import { oidcTokenFile } from "@/lib/signing/oidc-token-file";
import { keylessPayloadSigner, type PayloadSigner, registryKeyPayloadSigner } from "@/lib/signing/payload-signer";
import { loadRegistryKey, type RegistryKey } from "@/lib/signing/registry-key";
import { Rfc3161Witness } from "@/lib/signing/rfc3161-witness";

/** How this process signs, and what verifiers must be told to trust for it. */
export interface SigningSetup {
  signer: PayloadSigner;
  /** The registry key, in registry-key mode. */
  registryKey?: RegistryKey;
  timestampAuthority?: { url: string; certChainPem: string };
  identity?: { issuer: string; subjectAlternativeName: string };
}

/** The certificates of a PEM chain, leaf first; refuses a file that holds none. */
export function readCertificateChain(pem: string, source: string): crypto.X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (!blocks.length) throw badRequest(`${source} holds no PEM certificate.`);
  return blocks.map((block) => {
    try {
      return new crypto.X509Certificate(block);
    } catch {
      throw badRequest(`${source} holds a certificate that cannot be read.`);
    }
  });
}

function readSettingFile(file: string, setting: string): string {
  if (!fs.existsSync(file)) throw badRequest(`${setting}: ${file} does not exist.`);
  return fs.readFileSync(file, "utf8");
}

/**
 * The signer the settings describe: the registry key or Sigstore keyless, with an RFC 3161
 * timestamp when a TSA is set. `generateKey` is for the embedded default's start only (see
 * loadRegistryKey).
 */
export function loadSigningSetup(config: SigilConfig, { generateKey = false } = {}): SigningSetup {
  let timestampAuthority: SigningSetup["timestampAuthority"];
  if (config.SIGIL_TSA_URL && config.SIGIL_TSA_CERT_CHAIN_FILE) {
    const certChainPem = readSettingFile(config.SIGIL_TSA_CERT_CHAIN_FILE, "SIGIL_TSA_CERT_CHAIN_FILE");
    readCertificateChain(certChainPem, `SIGIL_TSA_CERT_CHAIN_FILE (${config.SIGIL_TSA_CERT_CHAIN_FILE})`);
    timestampAuthority = { url: config.SIGIL_TSA_URL, certChainPem };
  }
  const witnesses = timestampAuthority ? [new Rfc3161Witness(timestampAuthority.url)] : [];
  if (config.SIGIL_SIGNING_MODE === "keyless") {
    // readConfig has checked that keyless mode has each of these.
    readSettingFile(config.SIGIL_SIGSTORE_TRUSTED_ROOT!, "SIGIL_SIGSTORE_TRUSTED_ROOT");
    return {
      signer: keylessPayloadSigner({ fulcioUrl: config.SIGIL_FULCIO_URL, rekorUrl: config.SIGIL_REKOR_URL, identityProvider: oidcTokenFile(config.SIGIL_OIDC_TOKEN_FILE!), witnesses }),
      timestampAuthority,
      identity: { issuer: config.SIGIL_KEYLESS_ISSUER!, subjectAlternativeName: config.SIGIL_KEYLESS_IDENTITY! },
    };
  }
  const registryKey = loadRegistryKey(config, { generate: generateKey });
  return { signer: registryKeyPayloadSigner(registryKey, witnesses), registryKey, timestampAuthority };
}

let cached: SigningSetup | undefined;

/** This process's signing setup, loaded once from its settings (never generating a key). */
export function signingSetup(): SigningSetup {
  cached ??= loadSigningSetup(readConfig());
  return cached;
}

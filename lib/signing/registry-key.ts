import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { SigilConfig } from "@/lib/config";
import { badRequest } from "@/lib/errors";

/** The registry's ECDSA P-256 signing key: the private half never leaves this process. */
export interface RegistryKey {
  keyId: string;
  privateKey: crypto.KeyObject;
  /** DER SubjectPublicKeyInfo, as keys.json publishes it. */
  publicKeyDer: Buffer;
}

/** npm's key id form: `SHA256:` and the unpadded base64 of the SHA-256 of the DER public key. */
export const keyIdOf = (publicKeyDer: Buffer) => `SHA256:${crypto.createHash("sha256").update(publicKeyDer).digest("base64").replace(/=+$/, "")}`;

function registryKeyOf(privateKey: crypto.KeyObject, source: string): RegistryKey {
  if (privateKey.asymmetricKeyType !== "ec" || privateKey.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw badRequest(`${source} is not an ECDSA P-256 private key; Sigil signs with ECDSA P-256.`);
  }
  const publicKeyDer = crypto.createPublicKey(privateKey).export({ type: "spki", format: "der" });
  return { keyId: keyIdOf(publicKeyDer), privateKey, publicKeyDer };
}

function parsePem(pem: string, source: string): crypto.KeyObject {
  try {
    return crypto.createPrivateKey(pem);
  } catch {
    throw badRequest(`${source} does not hold a PEM private key.`);
  }
}

/**
 * The signing key: SIGIL_SIGNING_KEY_PEM (a mounted secret's contents) or SIGIL_SIGNING_KEY_FILE
 * in production; otherwise the one in the data directory, which `generate` (the embedded
 * default's first start, and only it) creates, mode 0600. A process of a production registry
 * never makes a key of its own: it would start signing as someone no client trusts. A KMS would
 * stand in for this function and the Signer that uses the key.
 */
export function loadRegistryKey(config: SigilConfig, { generate = false } = {}): RegistryKey {
  if (config.SIGIL_SIGNING_KEY_PEM) return registryKeyOf(parsePem(config.SIGIL_SIGNING_KEY_PEM, "SIGIL_SIGNING_KEY_PEM"), "SIGIL_SIGNING_KEY_PEM");
  if (config.SIGIL_SIGNING_KEY_FILE) {
    const file = config.SIGIL_SIGNING_KEY_FILE;
    if (!fs.existsSync(file)) throw badRequest(`SIGIL_SIGNING_KEY_FILE: ${file} does not exist.`);
    return registryKeyOf(parsePem(fs.readFileSync(file, "utf8"), `SIGIL_SIGNING_KEY_FILE (${file})`), `SIGIL_SIGNING_KEY_FILE (${file})`);
  }
  const file = path.join(config.dataDir, "signing-key.pem");
  if (!generate && !fs.existsSync(file)) {
    throw badRequest(`No signing key: set SIGIL_SIGNING_KEY_PEM or SIGIL_SIGNING_KEY_FILE to the registry's key (or SIGIL_SIGNING_MODE=keyless). Only npm start on its embedded database generates one (into ${file}).`);
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  if (!fs.existsSync(file)) {
    const { privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    try {
      fs.writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process of this registry wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return registryKeyOf(parsePem(fs.readFileSync(file, "utf8"), file), file);
}

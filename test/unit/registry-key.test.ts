import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readConfig } from "@/lib/config";
import { keyIdOf, loadRegistryKey } from "@/lib/signing/registry-key";

const dirs: string[] = [];
const dataDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-key-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
const config = (env: Record<string, string>) => {
  const settings: Record<string, string> = { SIGIL_DATA_DIR: dataDir(), ...env };
  return readConfig(settings as NodeJS.ProcessEnv);
};

describe("the registry's signing key", () => {
  it("is generated once into the data directory, by the embedded default's start only, readable only by its owner, and reused", () => {
    const settings = config({});
    expect(() => loadRegistryKey(settings)).toThrow(/No signing key: set SIGIL_SIGNING_KEY_PEM or SIGIL_SIGNING_KEY_FILE/);
    const first = loadRegistryKey(settings, { generate: true });
    const file = path.join(settings.dataDir, "signing-key.pem");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadRegistryKey(settings).keyId).toBe(first.keyId);
    expect(first.keyId).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(first.keyId).toBe(keyIdOf(crypto.createPublicKey(first.privateKey).export({ type: "spki", format: "der" })));
  });

  it("comes from SIGIL_SIGNING_KEY_PEM or SIGIL_SIGNING_KEY_FILE in production, and nothing is written", () => {
    const { privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const fromEnv = config({ SIGIL_SIGNING_KEY_PEM: pem });
    const file = path.join(dataDir(), "mounted.pem");
    fs.writeFileSync(file, pem);
    expect(loadRegistryKey(fromEnv).keyId).toBe(loadRegistryKey(config({ SIGIL_SIGNING_KEY_FILE: file })).keyId);
    expect(fs.existsSync(path.join(fromEnv.dataDir, "signing-key.pem"))).toBe(false);
  });

  it.each([
    ["an RSA key", () => crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString(), /not an ECDSA P-256 private key/],
    ["a P-384 key", () => crypto.generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString(), /not an ECDSA P-256 private key/],
    ["text that is no key", () => "hello", /does not hold a PEM private key/],
  ])("refuses %s with a message that names the setting, not the key", (_label, pem, message) => {
    const text = pem();
    const attempt = () => loadRegistryKey(config({ SIGIL_SIGNING_KEY_PEM: text }));
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(/SIGIL_SIGNING_KEY_PEM/);
    // The message never quotes the key (a secret), only where it came from.
    if (text.length > 80) expect(attempt).not.toThrow(text.slice(40, 80));
  });

  it("refuses a key file that does not exist", () => {
    expect(() => loadRegistryKey(config({ SIGIL_SIGNING_KEY_FILE: "/nonexistent/key.pem" }))).toThrow("SIGIL_SIGNING_KEY_FILE: /nonexistent/key.pem does not exist.");
  });
});

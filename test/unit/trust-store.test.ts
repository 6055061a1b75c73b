import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ClientError } from "@/lib/client/client-error";
import { RegistryClient } from "@/lib/client/registry-client";
import { defaultTrustDir, loadPinnedTrust } from "@/lib/client/trust-store";

// A registry that records what it was asked and answers nothing: whether it was asked at all is
// what these tests look at.
function registryAt(url: string) {
  const registry = new RegistryClient(url);
  const asked = vi.spyOn(registry, "json").mockRejectedValue(new Error("asked the registry"));
  return { registry, asked };
}

describe("pinning a registry's trust on first use", () => {
  let config: string;
  beforeEach(() => {
    config = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-trust-"));
    vi.stubEnv("XDG_CONFIG_HOME", config);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    fs.rmSync(config, { recursive: true, force: true });
  });

  it("is refused over plain HTTP to another machine, before the registry is asked anything", async () => {
    for (const url of ["http://registry.example.test", "http://10.0.0.8:3000", "http://127.example.test", "http://[2001:db8::1]"]) {
      const { registry, asked } = registryAt(url);
      const refusal = await loadPinnedTrust(registry).catch((error: unknown) => error);
      expect(refusal, url).toBeInstanceOf(ClientError);
      expect((refusal as ClientError).code).toBe("TRUST_INSECURE");
      expect((refusal as ClientError).message).toMatch(/is plain HTTP.*https:\/\/.*--trust-root/);
      expect(asked).not.toHaveBeenCalled();
      expect(fs.existsSync(defaultTrustDir(registry.baseUrl))).toBe(false);
    }
  });

  it("goes ahead over HTTPS, and over plain HTTP to this machine", async () => {
    for (const url of ["https://registry.example.test", "http://localhost:3000", "http://127.0.0.1:3000", "http://127.1.2.3", "http://[::1]:3000"]) {
      const { registry, asked } = registryAt(url);
      await expect(loadPinnedTrust(registry), url).rejects.toThrow("asked the registry");
      expect(asked).toHaveBeenCalled();
    }
  });

  it("compares a registry already pinned with its pin, whatever the scheme", async () => {
    const { registry } = registryAt("http://registry.example.test");
    const dir = defaultTrustDir(registry.baseUrl);
    fs.mkdirSync(dir, { recursive: true });
    for (const file of ["keys.json", "trusted_root.json", "identities.json"]) fs.writeFileSync(path.join(dir, file), '{"pinned": true}\n');
    vi.mocked(registry.json).mockResolvedValue({ served: true });
    await expect(loadPinnedTrust(registry)).rejects.toMatchObject({ code: "TRUST_CHANGED" });
  });
});

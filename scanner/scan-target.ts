import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { SigilError } from "@/lib/errors";
import { PERMISSIONS_META_KEY } from "@/lib/validation/permissions";
import { parseServerJson } from "@/lib/validation/server-json";
import { analysePackageFiles } from "@/scanner/analyse-package-files";
import { archiveFindings } from "@/scanner/archive-findings";
import { baselineOfThisBuild } from "@/scanner/baseline/baseline-of-this-build";
import { diffAgainstBaseline } from "@/scanner/baseline/diff-against-baseline";
import { scannerVersion } from "@/scanner/scanner-version";
import { analyseDependencyCode } from "@/scanner/dependencies/analyse-dependency-code";
import { type AuditOptions, auditDependencies, auditNodeVersion } from "@/scanner/dependencies/audit-dependencies";
import { bundledDependencyOf } from "@/scanner/dependencies/bundled-dependency";
import { dependencyCodeFindings, notAnalysedDependencyFindings } from "@/scanner/dependencies/dependency-code-findings";
import { type Extraction, writeArchive } from "@/scanner/extract/extract-tarball";
import { readTarball } from "@/scanner/extract/read-tarball";
import { serverClaimFindings } from "@/scanner/metadata/server-claim";
import { nativeCodeFindings } from "@/scanner/native-code-findings";
import { filesInMemory, filesOnDisk, type PackageFiles } from "@/scanner/package-files";
import { typosquatFindings } from "@/scanner/metadata/typosquat";
import { WELL_KNOWN_MCP_PACKAGES } from "@/scanner/metadata/well-known-mcp-packages";
import { detectedPermissions, reviewPermissions } from "@/scanner/permissions/permission-review";
import type { ScanReport } from "@/scanner/report/scan-report";
import { sortFindings, verdictOf } from "@/scanner/report/verdict";
import type { ScanFinding } from "@/scanner/rules/rule";
import { ScanError } from "@/scanner/scan-error";
import { entryPoints } from "@/scanner/target/entry-points";
import { filesOfDirectory, resolveTarget } from "@/scanner/target/resolve-target";

export type ScanStage = "reading" | "fetching" | "extracting" | "analysing" | "auditing" | "done";

export interface ScanOptions extends AuditOptions {
  /** The server.json the package is submitted with: its permissions are reviewed against the code. */
  serverJson?: unknown;
  /** An earlier version (spec, .tgz or folder) to compare with: new capabilities, dependencies, tools. */
  baseline?: string;
  /** Or the report of an earlier scan of it (what the registry keeps), instead of scanning it again. */
  baselineReport?: ScanReport;
  /** Fetch and analyse the code of every registry dependency too (default true). */
  dependencyCode?: boolean;
  onProgress?: (stage: ScanStage, detail: string) => void;
}


function declaredPermissions(serverJson: unknown) {
  if (serverJson === undefined) return { server: undefined, declared: null };
  try {
    const server = parseServerJson(serverJson);
    return { server, declared: server._meta?.[PERMISSIONS_META_KEY] ?? {} };
  } catch (error) {
    throw new ScanError("bad-target", error instanceof SigilError ? error.detail : String(error));
  }
}

type Manifest = { name?: string; version?: string; mcpName?: unknown; main?: unknown; bin?: unknown; exports?: unknown };


/** package.json as an object with string name and version, or a ScanError saying what is wrong. */
function readManifest(text: string, label: string): Manifest {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new ScanError("bad-target", `${label}: package.json is not valid JSON (${(error as Error).message}).`);
  }
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) throw new ScanError("bad-target", `${label}: package.json is not a JSON object.`);
  const { name, version } = manifest as Record<string, unknown>;
  if ((name !== undefined && typeof name !== "string") || (version !== undefined && typeof version !== "string")) {
    throw new ScanError("bad-target", `${label}: package.json's name and version must be strings.`);
  }
  return manifest as Manifest;
}

/**
 * Scans one package: fetches or reads it, unpacks it safely, parses every JS/TS file once for
 * the code rules, reads every text file for the text rules, audits its dependency tree, and
 * compares what its code does with what its server.json declares. Nothing in it is installed,
 * imported or run.
 */
export async function scanTarget(targetSpec: string, options: ScanOptions = {}): Promise<ScanReport> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  const { server, declared } = declaredPermissions(options.serverJson);
  // Settings are checked before anything is fetched: a wrong one would fail the scan at its audit.
  const nodeVersion = auditNodeVersion(options.nodeVersion);
  progress(fs.existsSync(targetSpec) ? "reading" : "fetching", targetSpec);
  const target = await resolveTarget(targetSpec, { registry: options.registry });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-scan-"));
  let extraction: Promise<Extraction> | undefined;
  try {
    let files: PackageFiles;
    let root: string;
    if (target.kind === "tarball") {
      progress("extracting", `${target.digests.size} bytes`);
      const archive = await readTarball(target.bytes);
      // The folder the audit reads is written on another thread while this one analyses.
      root = path.join(scratch, "package");
      extraction = writeArchive(archive, root);
      extraction.catch(() => {}); // awaited below, or in finally when the scan fails first
      files = filesInMemory(archive.files);
    } else {
      root = target.dir;
      files = filesOnDisk(root, filesOfDirectory(root));
    }
    if (!files.list.some((f) => f.path === "package.json")) throw new ScanError("bad-target", `${target.label} has no package.json at its root.`);
    const manifestText = files.read("package.json").toString("utf8");
    const manifest = readManifest(manifestText, target.label);

    progress("analysing", `${files.list.length} files`);
    const analysis = analysePackageFiles(files, entryPoints(manifest));
    const findings: ScanFinding[] = [...archiveFindings((await extraction)?.refused ?? []), ...nativeCodeFindings(files.list)];
    // Bundled dependencies (node_modules/ in the tarball) are dependencies, not the package's own code.
    const own = (file: string) => bundledDependencyOf(file) === undefined;
    const bundled = new Map<string, ScanFinding[]>();
    for (const finding of analysis.findings) {
      const dependency = bundledDependencyOf(finding.file);
      if (dependency === undefined) findings.push(finding);
      else (bundled.get(dependency) ?? bundled.set(dependency, []).get(dependency)!).push(finding);
    }
    for (const [name, found] of bundled) findings.push(...dependencyCodeFindings(`${name} (bundled)`, found));
    const capabilities = analysis.capabilities.filter((c) => own(c.file));
    const tools = analysis.tools.filter((t) => own(t.file));

    progress("auditing", "dependencies");
    const dependencies = await auditDependencies(root, { ...options, nodeVersion });
    findings.push(...dependencies.findings);
    if (options.dependencyCode !== false && dependencies.packages.length) {
      progress("auditing", `dependency code: 0 of ${dependencies.packages.length} packages`);
      const code = await analyseDependencyCode(dependencies.packages, { registry: options.registry, onProgress: (done, total) => progress("auditing", `dependency code: ${done} of ${total} packages`) });
      findings.push(...code.findings, ...notAnalysedDependencyFindings(code.summary));
      dependencies.report.code = code.summary;
    }
    findings.push(...serverClaimFindings(manifest, manifestText, server));
    if (manifest.name) findings.push(...typosquatFindings(manifest.name, WELL_KNOWN_MCP_PACKAGES));
    if (declared) findings.push(...reviewPermissions(capabilities, declared));
    const detected = detectedPermissions(capabilities);

    // The baseline as this build reads it: scanned here, or a report of it, scanned again when another build wrote that.
    const baselineScan = (spec: string, more: ScanOptions = {}) =>
      scanTarget(spec, { ...options, serverJson: undefined, baseline: undefined, baselineReport: undefined, ...more, onProgress: (stage, detail) => progress(stage, `(baseline) ${detail}`) });
    const stored = options.baselineReport && (await baselineOfThisBuild(options.baselineReport, (spec) => baselineScan(spec, { dependencyCode: false })));
    const baseline = stored ? stored.baseline : options.baseline ? await baselineScan(options.baseline) : undefined;
    const compared = baseline
      ? diffAgainstBaseline({ dependencies: dependencies.report, permissions: { declared, detected }, tools, findings }, baseline)
      : undefined;
    if (compared) findings.push(...compared.findings, ...(stored?.findings ?? []));

    const sorted = sortFindings(findings);
    const count = (key: (f: ScanFinding) => string) => sorted.reduce<Record<string, number>>((acc, f) => ((acc[key(f)] = (acc[key(f)] ?? 0) + 1), acc), {});
    const report: ScanReport = {
      scanner: { name: "sigil-scanner", version: scannerVersion() },
      target: {
        name: manifest.name ?? "(unnamed)",
        version: manifest.version ?? "(unversioned)",
        integrity: target.kind === "tarball" ? target.digests.integrity : null,
        sha256: target.kind === "tarball" ? target.digests.sha256 : null,
        size: target.kind === "tarball" ? target.digests.size : null,
      },
      verdict: verdictOf(sorted),
      summary: { bySeverity: count((f) => f.severity), byCategory: count((f) => f.category), files: files.list.length, analysedFiles: analysis.analysed, bytes: files.list.reduce((n, f) => n + f.size, 0) },
      findings: sorted,
      permissions: { declared, detected },
      tools,
      dependencies: dependencies.report,
      ...(compared ? { baseline: compared.diff } : {}),
      durationMs: Math.round(performance.now() - started),
    };
    progress("done", `${report.verdict} in ${report.durationMs} ms`);
    return report;
  } finally {
    await extraction?.catch(() => {});
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { SigilError } from "@/lib/errors";
import { PERMISSIONS_META_KEY } from "@/lib/validation/permissions";
import { parseServerJson } from "@/lib/validation/server-json";
import packageJson from "@/package.json";
import { analyzeSource, type ReportedTool } from "@/scanner/analysis/analyze-source";
import { analyzeText } from "@/scanner/analysis/analyze-text";
import { bracketDepth, isCodeFile, MAX_PARSE_NESTING } from "@/scanner/analysis/parse-source";
import { archiveFindings } from "@/scanner/archive-findings";
import { diffAgainstBaseline } from "@/scanner/baseline/diff-against-baseline";
import { type AuditOptions, auditDependencies } from "@/scanner/dependencies/audit-dependencies";
import { extractTarball, type RefusedEntry } from "@/scanner/extract/extract-tarball";
import { serverClaimFindings } from "@/scanner/metadata/server-claim";
import { nativeCodeFindings } from "@/scanner/native-code-findings";
import { typosquatFindings } from "@/scanner/metadata/typosquat";
import { WELL_KNOWN_MCP_PACKAGES } from "@/scanner/metadata/well-known-mcp-packages";
import { detectedPermissions, reviewPermissions } from "@/scanner/permissions/permission-review";
import type { ScanReport } from "@/scanner/report/scan-report";
import { sortFindings, verdictOf } from "@/scanner/report/verdict";
import { CODE_RULES, TEXT_RULES } from "@/scanner/rules/index";
import type { Capability, ScanFinding } from "@/scanner/rules/rule";
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
  onProgress?: (stage: ScanStage, detail: string) => void;
}

// Larger files are listed but not parsed: a minified bundle is a few MB; tens of MB is data.
const MAX_ANALYSED_CODE_BYTES = 10 * 1024 * 1024;
const MAX_ANALYSED_TEXT_BYTES = 5 * 1024 * 1024;

const isBinary = (bytes: Buffer) => bytes.subarray(0, 8000).includes(0);

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

function startsWithShebang(file: string): boolean {
  const fd = fs.openSync(file, "r");
  try {
    const head = Buffer.alloc(2);
    fs.readSync(fd, head, 0, 2, 0);
    return head.toString() === "#!";
  } finally {
    fs.closeSync(fd);
  }
}

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
  progress(fs.existsSync(targetSpec) ? "reading" : "fetching", targetSpec);
  const target = await resolveTarget(targetSpec, { registry: options.registry });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-scan-"));
  try {
    let root: string;
    let files: { path: string; size: number }[];
    let refused: RefusedEntry[] = [];
    if (target.kind === "tarball") {
      progress("extracting", `${target.digests.size} bytes`);
      const extraction = await extractTarball(target.bytes, path.join(scratch, "package"));
      ({ root, files, refused } = extraction);
    } else {
      root = target.dir;
      files = filesOfDirectory(root);
    }
    if (!files.some((f) => f.path === "package.json")) throw new ScanError("bad-target", `${target.label} has no package.json at its root.`);
    const manifestText = fs.readFileSync(path.join(root, "package.json"), "utf8");
    const manifest = readManifest(manifestText, target.label);

    const findings: ScanFinding[] = [...archiveFindings(refused), ...nativeCodeFindings(files)];
    const entries = entryPoints(manifest);
    const capabilities: Capability[] = [];
    const tools: ReportedTool[] = [];
    let analysed = 0;
    progress("analysing", `${files.length} files`);
    const unanalysed = (file: string, message: string, severity: ScanFinding["severity"]) =>
      findings.push({ rule: "not-analysed", category: "archive", severity, file, line: 0, message, evidence: file });
    for (const file of files) {
      // What Node would run is code, whatever its extension: entry points, and scripts with a shebang.
      const code = isCodeFile(file.path) || entries.has(file.path) || (!path.basename(file.path).includes(".") && startsWithShebang(path.join(root, file.path)));
      if (file.size > (code ? MAX_ANALYSED_CODE_BYTES : MAX_ANALYSED_TEXT_BYTES)) {
        // Code nobody analysed may do anything: a size cap must not be a hiding place.
        unanalysed(file.path, `Not analysed: ${file.size} bytes is more than the scanner reads${code ? "; code that was not analysed may do anything" : ""}`, code ? "high" : "low");
        continue;
      }
      const bytes = fs.readFileSync(path.join(root, file.path));
      // A NUL byte makes text look binary, but Node still runs a .js file that holds one.
      if (!code && isBinary(bytes)) continue;
      if (code && bytes.includes(0)) unanalysed(file.path, "A code file containing NUL bytes, a trick to make scanners treat it as binary; it was analysed anyway", "medium");
      const text = bytes.toString("utf8");
      findings.push(...analyzeText(file.path, text, TEXT_RULES));
      if (code) {
        if (bracketDepth(text) > MAX_PARSE_NESTING) {
          unanalysed(file.path, `Not analysed: nested more than ${MAX_PARSE_NESTING} levels deep, which crashes parsers; code that was not analysed may do anything`, "high");
          continue;
        }
        let result: ReturnType<typeof analyzeSource>;
        try {
          result = analyzeSource(file.path, text, CODE_RULES);
        } catch (error) {
          // A file that trips the analysis is not cleared by it: it stays unanalysed, and says so.
          unanalysed(file.path, `Not analysed: the analysis failed on this file (${(error as Error).message}); code that was not analysed may do anything`, "high");
          continue;
        }
        findings.push(...result.findings);
        capabilities.push(...result.capabilities);
        tools.push(...result.tools);
      }
      analysed++;
    }

    progress("auditing", "dependencies");
    const dependencies = await auditDependencies(root, options);
    findings.push(...dependencies.findings);
    findings.push(...serverClaimFindings(manifest, manifestText, server));
    if (manifest.name) findings.push(...typosquatFindings(manifest.name, WELL_KNOWN_MCP_PACKAGES));
    if (declared) findings.push(...reviewPermissions(capabilities, declared));
    const detected = detectedPermissions(capabilities);

    const baseline =
      options.baselineReport ??
      (options.baseline ? await scanTarget(options.baseline, { ...options, serverJson: undefined, baseline: undefined, onProgress: (stage, detail) => progress(stage, `(baseline) ${detail}`) }) : undefined);
    const compared = baseline
      ? diffAgainstBaseline({ dependencies: dependencies.report, permissions: { declared, detected }, tools, findings }, baseline)
      : undefined;
    if (compared) findings.push(...compared.findings);

    const sorted = sortFindings(findings);
    const count = (key: (f: ScanFinding) => string) => sorted.reduce<Record<string, number>>((acc, f) => ((acc[key(f)] = (acc[key(f)] ?? 0) + 1), acc), {});
    const report: ScanReport = {
      scanner: { name: "sigil-scanner", version: packageJson.version },
      target: {
        name: manifest.name ?? "(unnamed)",
        version: manifest.version ?? "(unversioned)",
        integrity: target.kind === "tarball" ? target.digests.integrity : null,
        sha256: target.kind === "tarball" ? target.digests.sha256 : null,
        size: target.kind === "tarball" ? target.digests.size : null,
      },
      verdict: verdictOf(sorted),
      summary: { bySeverity: count((f) => f.severity), byCategory: count((f) => f.category), files: files.length, analysedFiles: analysed, bytes: files.reduce((n, f) => n + f.size, 0) },
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
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

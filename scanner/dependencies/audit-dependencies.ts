import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import Arborist, { type ArboristNode, type ArboristTree } from "@npmcli/arborist";
import AuditReport from "@npmcli/arborist/lib/audit-report.js";
import PackumentCache from "@npmcli/arborist/lib/packument-cache.js";
import npa from "npm-package-arg";
import semver from "semver";
import type { ScanFinding, Severity } from "@/scanner/rules/rule";
import { ScanError } from "@/scanner/scan-error";

export const DEFAULT_REGISTRY = "https://registry.npmjs.org/";

export interface DependencyAdvisory {
  name: string;
  version: string;
  severity: Severity;
  title: string;
  url: string;
}

/** The report's `dependencies` section. */
export interface DependencyReport {
  /** Packages the package would install (itself excluded). */
  count: number;
  /** Their names, sorted, for comparing two versions. */
  names: string[];
  depth: number;
  advisories: DependencyAdvisory[];
  installScripts: { name: string; version: string }[];
  nonRegistry: { name: string; spec: string; type: string }[];
  deprecated: { name: string; version: string; message: string }[];
  /** Why advisories could not be checked, when they could not. */
  auditError?: string;
  /**
   * The Node.js version the tree was resolved for: npm prefers the versions whose `engines` it
   * meets, so the same package resolves to other dependencies on another Node (absent from
   * reports made before it was recorded).
   */
  resolvedFor?: { node: string };
  /** Whose code was analysed (and whose not, with why), when it was. */
  code?: DependencyCodeSummary;
}

export interface DependencyCodeSummary {
  analysed: number;
  files: number;
  notAnalysed: { name: string; version: string; reason: string }[];
}

/** The audit's section of the report, its findings, and the registry packages it would install. */
export interface DependencyAudit {
  report: DependencyReport;
  findings: ScanFinding[];
  /** With the integrity the tree pins (a shrinkwrap's may differ from the registry's). */
  packages: DependencyPackage[];
}

/** A registry package the tree would install. */
export interface DependencyPackage {
  name: string;
  version: string;
  integrity: string | null;
  /**
   * Where the registry serves it, read with its integrity from the registry's packument by this
   * audit; none where a shipped shrinkwrap pinned it, whose pins are compared with what the
   * registry publishes instead.
   */
  tarball?: string;
}

export interface AuditOptions {
  registry?: string;
  /** Where advisories are asked for: SIGIL_AUDIT_REGISTRY, by default the npm registry. */
  auditRegistry?: string;
  /** The Node.js version to resolve the tree for (`22.12.0`): SIGIL_AUDIT_NODE_VERSION, by default the scanning process's. */
  nodeVersion?: string;
}

/** The Node.js version a tree is resolved for (AuditOptions.nodeVersion), or a ScanError saying what is wrong with the one given. */
export function auditNodeVersion(given: string | undefined): string {
  if (given === undefined || given === "") return process.version.slice(1);
  const version = semver.valid(given);
  if (version === null) throw new ScanError("bad-setting", `The Node.js version to resolve dependencies for must be a version such as 22.12.0 (SIGIL_AUDIT_NODE_VERSION), not "${given}"`);
  return version;
}

/** Tarball URLs of the npm registry (or its yarn alias) or of the registry the scan uses. */
function isRegistryUrl(url: string, registry: string): boolean {
  return [registry, DEFAULT_REGISTRY, "https://registry.yarnpkg.com/"].some((base) => url.startsWith(base.endsWith("/") ? base : `${base}/`));
}

// Arborist keeps the packuments it reads in memory, up to a quarter of V8's heap limit: 512 MB in
// a scanner process, whose whole budget is 512 MB (desktop-commander's 540 packuments count 50
// MB, and the heap they grow stays committed for the rest of the scan). An evicted packument is
// read again from the audit's disk cache.
const PACKUMENT_CACHE_BYTES = 32 * 1024 * 1024;
const packumentCache = () => new PackumentCache({ heapFactor: PACKUMENT_CACHE_BYTES / v8.getHeapStatistics().heap_size_limit });

const SEVERITY: Record<string, Severity> = { info: "info", low: "low", moderate: "medium", high: "high", critical: "critical" };
const DEPENDENCY_FIELDS = ["dependencies", "optionalDependencies", "peerDependencies"] as const;
const REGISTRY_SPECS = new Set(["version", "range", "tag", "alias"]);

type Manifest = { name?: string; version?: string } & Partial<Record<(typeof DEPENDENCY_FIELDS)[number], Record<string, string>>>;

/**
 * The manifest Arborist builds from: production dependencies only (a consumer never installs
 * devDependencies), and only those from a registry. Git, URL and file dependencies are
 * returned apart: they are findings, and resolving them would fetch from elsewhere.
 */
function splitDependencies(manifest: Manifest) {
  const nonRegistry: DependencyReport["nonRegistry"] = [];
  const sanitised: Manifest = { name: manifest.name ?? "scanned-package", version: manifest.version ?? "0.0.0" };
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, spec] of Object.entries(manifest[field] ?? {})) {
      let type: string;
      try {
        type = npa.resolve(name, spec).type;
      } catch {
        type = "invalid";
      }
      if (REGISTRY_SPECS.has(type)) (sanitised[field] ??= {})[name] = spec;
      else nonRegistry.push({ name, spec, type });
    }
  }
  return { sanitised, nonRegistry };
}

/**
 * Works out the tree the package would install (its npm-shrinkwrap.json if it ships one,
 * otherwise the ideal tree from the registry; no script runs, nothing is installed) and
 * audits it: advisories (an unavailable audit is a finding, never a clean result), install
 * scripts, dependencies from outside the registry, deprecations, count and depth.
 */
export async function auditDependencies(packageDir: string, options: AuditOptions = {}): Promise<DependencyAudit> {
  const nodeVersion = auditNodeVersion(options.nodeVersion);
  const manifestPath = path.join(packageDir, "package.json");
  const manifestText = fs.readFileSync(manifestPath, "utf8");
  const manifest = JSON.parse(manifestText) as Manifest;
  const { sanitised, nonRegistry } = splitDependencies(manifest);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-deps-"));
  try {
    fs.writeFileSync(path.join(workDir, "package.json"), JSON.stringify(sanitised));
    const shrinkwrap = path.join(packageDir, "npm-shrinkwrap.json");
    const shrinkwrapped = fs.existsSync(shrinkwrap);
    // The shipped shrinkwrap is what npm installs; Arborist 10's loadVirtual reads it as a lockfile.
    if (shrinkwrapped) fs.copyFileSync(shrinkwrap, path.join(workDir, "package-lock.json"));
    const registry = options.registry ?? DEFAULT_REGISTRY;
    // force: a peer-dependency conflict among the package's own dependencies is a warning when a
    // consumer installs it, not the error it is when the package is the root being resolved.
    const arboristOptions = { path: workDir, registry, nodeVersion, ignoreScripts: true, force: true, cache: path.join(workDir, ".cache"), packumentCache: packumentCache(), audit: true, auditRegistry: options.auditRegistry ?? registry };
    const arborist = new Arborist(arboristOptions);
    // A shipped shrinkwrap is installed as it is: only a tree built from the registry is resolved for a Node version.
    const resolvedFor = shrinkwrapped ? {} : { resolvedFor: { node: nodeVersion } };
    let tree: ArboristTree;
    try {
      tree = shrinkwrapped ? await arborist.loadVirtual() : await arborist.buildIdealTree();
    } catch (error) {
      // Unresolvable is not clean: report the dependencies as unaudited and go on with the scan.
      const report: DependencyReport = { count: 0, names: [], depth: 0, advisories: [], installScripts: [], nonRegistry, deprecated: [], auditError: `the dependency tree could not be resolved (${(error as Error).message})`, ...resolvedFor };
      return { report, findings: dependencyFindings(report, manifestText), packages: [] };
    }
    const nodes = [...tree.inventory.values()].filter((node) => !node.isRoot && !node.isLink && !node.dev);
    // A shipped shrinkwrap decides where npm downloads from: an entry pointing elsewhere installs
    // code that is not the registry's, which is what the scanner fetches and checks.
    const fromElsewhere = nodes.filter((node) => node.resolved !== null && !isRegistryUrl(node.resolved, registry));
    for (const node of fromElsewhere) nonRegistry.push({ name: node.name, spec: node.resolved!, type: "shrinkwrap-url" });
    const audit = await AuditReport.load(tree, { ...arboristOptions, filterSet: new Set(nodes) });

    const report: DependencyReport = {
      count: nodes.length,
      names: [...new Set(nodes.map((n) => n.name))].sort(),
      depth: chainDepth(tree),
      advisories: [],
      installScripts: nodes.filter((n) => n.hasInstallScript).map((n) => ({ name: n.name, version: n.version })),
      nonRegistry,
      deprecated: nodes.filter((n) => n.package.deprecated).map((n) => ({ name: n.name, version: n.version, message: String(n.package.deprecated) })),
      ...(audit.error ? { auditError: audit.error.message } : {}),
      ...resolvedFor,
    };
    for (const vulnerability of audit.values()) {
      // A metavuln only says "depends on a vulnerable package", which is reported itself.
      for (const advisory of vulnerability.advisories) {
        if (advisory.type !== "advisory") continue;
        for (const node of vulnerability.nodes) {
          report.advisories.push({ name: advisory.name, version: node.version, severity: SEVERITY[advisory.severity] ?? "medium", title: advisory.title, url: advisory.url ?? "" });
        }
      }
    }
    const packages = nodes
      .filter((n) => n.resolved !== null && !fromElsewhere.includes(n))
      .map((n): DependencyPackage => ({ name: n.packageName, version: n.version, integrity: n.integrity ?? null, ...(shrinkwrapped ? {} : { tarball: n.resolved! }) }));
    return { report, findings: dependencyFindings(report, manifestText), packages };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** The longest chain of production dependencies below the package (a direct dependency is 1). */
function chainDepth(root: ArboristNode): number {
  const depthOf = new Map<ArboristNode, number>([[root, 0]]);
  const queue = [root];
  let deepest = 0;
  while (queue.length) {
    const node = queue.shift()!;
    for (const edge of node.edgesOut.values()) {
      const next = edge.to;
      if (!next || next.dev || depthOf.has(next)) continue;
      const depth = depthOf.get(node)! + 1;
      depthOf.set(next, depth);
      deepest = Math.max(deepest, depth);
      queue.push(next);
    }
  }
  return deepest;
}

function dependencyFindings(report: DependencyReport, manifestText: string): ScanFinding[] {
  const lines = manifestText.split("\n");
  const lineOf = (name: string) => lines.findIndex((l) => l.includes(`"${name}"`)) + 1;
  const finding = (rule: string, category: ScanFinding["category"], severity: Severity, name: string, message: string, evidence: string): ScanFinding => ({
    rule, category, severity, file: "package.json", line: lineOf(name), message, evidence,
  });
  return [
    ...(report.auditError
      ? [finding("audit-unavailable", "audit-unavailable", "medium", "dependencies", `Advisories could not be checked: ${report.auditError}. The dependencies are unaudited, not clean.`, "npm bulk advisory endpoint")]
      : []),
    ...report.advisories.map((a) =>
      finding("vulnerable-dependency", "vulnerable-dependency", a.severity, a.name, `Via dependency ${a.name}@${a.version}: ${a.title}`, a.url),
    ),
    ...report.installScripts.map((d) =>
      finding("dependency-install-script", "install-script", "medium", d.name, `Via dependency ${d.name}@${d.version}: runs an install script`, `${d.name}@${d.version} has an install script`),
    ),
    ...report.nonRegistry.map((d) =>
      d.type === "shrinkwrap-url"
        ? finding("shrinkwrap-outside-registry", "vulnerable-dependency", "high", d.name, `npm-shrinkwrap.json makes npm install ${d.name} from ${d.spec}, outside the registry: what installs is not what was checked`, `"resolved": "${d.spec}"`)
        : finding("non-registry-dependency", "vulnerable-dependency", "medium", d.name, `Dependency ${d.name} comes from ${d.type} (${d.spec}), not the registry: it can change without a new version and was not audited`, `"${d.name}": "${d.spec}"`),
    ),
    ...report.deprecated.map((d) =>
      finding("deprecated-dependency", "vulnerable-dependency", "low", d.name, `Via dependency ${d.name}@${d.version}: deprecated (${d.message.slice(0, 120)})`, `${d.name}@${d.version}`),
    ),
  ];
}

import pMap from "p-map";
import ssri from "ssri";
import { analysePackageFiles } from "@/scanner/analyse-package-files";
import type { DependencyCodeSummary, DependencyPackage } from "@/scanner/dependencies/audit-dependencies";
import { dependencyCodeFindings } from "@/scanner/dependencies/dependency-code-findings";
import { readTarball } from "@/scanner/extract/read-tarball";
import { filesInMemory } from "@/scanner/package-files";
import { collectGarbageIfLarge, makeRoomForTarball } from "@/scanner/scanner-memory";
import type { ScanFinding } from "@/scanner/rules/rule";
import { entryPoints } from "@/scanner/target/entry-points";
import { fetchNpmTarball, fetchPinnedTarball } from "@/scanner/target/fetch-npm-tarball";

// Downloads overlap with the analysis of packages already fetched.
const CONCURRENCY = 4;
// A tree larger than this is not analysed beyond it, and the report says which were left out.
export const MAX_ANALYSED_DEPENDENCIES = 500;

/** The package's lockfile pins other bytes for a dependency than the registry serves. */
const pinnedElsewhereFinding = (name: string, label: string, pinned: string): ScanFinding => ({
  rule: "shrinkwrap-integrity-mismatch",
  category: "vulnerable-dependency",
  severity: "high",
  file: "npm-shrinkwrap.json",
  line: 0,
  message: `npm-shrinkwrap.json pins ${label} to bytes the registry does not serve (${pinned.slice(0, 30)}…): what installs is not what was checked`,
  evidence: `"${name}": { "integrity": "${pinned}" }`,
});

function manifestOf(text: Buffer | undefined): Record<string, unknown> {
  try {
    const manifest: unknown = JSON.parse(text?.toString("utf8") ?? "{}");
    return manifest && typeof manifest === "object" ? (manifest as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Fetches each registry dependency the package would install (pinned by the registry's
 * integrity, like the package itself), reads it under the same limits (in memory: nothing of a
 * dependency is written to disk), and runs the same rules over its files. Their findings are the package's, marked as coming via the dependency.
 * A dependency that cannot be fetched or unpacked is listed as not analysed.
 */
export async function analyseDependencyCode(
  packages: DependencyPackage[],
  options: { registry?: string; onProgress?: (done: number, total: number) => void },
): Promise<{ findings: ScanFinding[]; summary: DependencyCodeSummary }> {
  const summary: DependencyCodeSummary = { analysed: 0, files: 0, notAnalysed: [] };
  const findings: ScanFinding[] = [];
  const chosen = packages.slice(0, MAX_ANALYSED_DEPENDENCIES);
  for (const skipped of packages.slice(MAX_ANALYSED_DEPENDENCIES)) summary.notAnalysed.push({ ...skipped, reason: `more than ${MAX_ANALYSED_DEPENDENCIES} dependencies` });
  let done = 0;
  await pMap(
    chosen,
    async (pkg) => {
      const label = `${pkg.name}@${pkg.version}`;
      try {
        // From where the audit found it, pinned as it found it (so checked against that pin); a
        // shrinkwrap's package, by the registry's own pin, and then against the shrinkwrap's.
        const pinned = pkg.tarball && pkg.integrity ? { address: pkg.tarball, integrity: pkg.integrity } : undefined;
        const fetched = pinned ? await fetchPinnedTarball(label, pinned.address, pinned.integrity) : await fetchNpmTarball(label, { registry: options.registry });
        if (!pinned && pkg.integrity && !ssri.checkData(fetched.bytes, pkg.integrity)) findings.push(pinnedElsewhereFinding(pkg.name, label, pkg.integrity));
        makeRoomForTarball(fetched.bytes.length);
        const archive = await readTarball(fetched.bytes);
        const analysis = analysePackageFiles(filesInMemory(archive.files), entryPoints(manifestOf(archive.files.get("package.json"))));
        findings.push(...dependencyCodeFindings(label, analysis.findings, `node_modules/${pkg.name}/`));
        summary.analysed++;
        summary.files += analysis.analysed;
        collectGarbageIfLarge();
      } catch (error) {
        summary.notAnalysed.push({ ...pkg, reason: (error as Error).message });
      } finally {
        options.onProgress?.(++done, chosen.length);
      }
    },
    { concurrency: CONCURRENCY },
  );
  summary.notAnalysed.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { findings, summary };
}

import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "@/scanner/report/scan-report";
import { scanTarget } from "@/scanner/scan-target";
import { scannerVersion } from "@/scanner/scanner-version";
import { fixturePackage, startFakeRegistry } from "../support/fake-npm-registry";

const PACKAGES = path.resolve("test/fixtures/packages");

// A report of the same tarball as an earlier build of the scanner wrote it: another version, and
// the tool's hash as that build worked it out.
const byEarlierBuild = (report: ScanReport, changes: Partial<ScanReport["target"]> = {}): ScanReport => ({
  ...report,
  scanner: { name: "sigil-scanner", version: "0.1.0+000000000000" },
  target: { ...report.target, ...changes },
  tools: report.tools.map((tool) => ({ ...tool, hash: "0".repeat(64) })),
});

describe("a baseline report written by another build of the scanner", () => {
  let registry: Awaited<ReturnType<typeof startFakeRegistry>>;
  let stored: ScanReport;
  const after = path.join(PACKAGES, "rug-pull-1.1.0");
  const notes = (report: ScanReport) => report.findings.filter((f) => f.rule === "changed-since-baseline" && f.severity === "info").map((f) => f.message);

  beforeAll(async () => {
    registry = await startFakeRegistry([await fixturePackage(path.join(PACKAGES, "rug-pull-1.0.0"))], { auditStatus: 405 });
    stored = await scanTarget("quote-of-the-day-mcp@1.0.0", { registry: registry.url });
  });
  afterAll(async () => {
    await registry.close();
  });

  it("carries the build in the scanner's version, the same for every scan of this build", () => {
    expect(stored.scanner).toEqual({ name: "sigil-scanner", version: scannerVersion() });
    expect(scannerVersion()).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{12}$/);
  });

  it("is compared as it stands when this build wrote it, without fetching the baseline again", async () => {
    const requests = registry.packumentRequests.length;
    const report = await scanTarget(after, { registry: registry.url, baselineReport: stored });
    expect(registry.packumentRequests.length).toBe(requests);
    expect(report.baseline).toMatchObject({ tools: [{ name: "quote_of_the_day", change: "changed" }] });
    expect(notes(report)).toEqual([]);
  });

  it("is replaced by a scan of the same tarball by this build, so that the scanner's changes are not the package's", async () => {
    const asStored = await scanTarget(after, { registry: registry.url, baselineReport: stored });
    const report = await scanTarget(after, { registry: registry.url, baselineReport: byEarlierBuild(stored) });
    expect(report.baseline).toEqual(asStored.baseline);
    expect(report.findings.filter((f) => f.severity !== "info")).toEqual(asStored.findings.filter((f) => f.severity !== "info"));
    expect(notes(report)).toEqual([
      `The report of 1.0.0 comes from another build of the scanner (sigil-scanner 0.1.0+000000000000); 1.0.0 was scanned again by this one (${scannerVersion()}), the same tarball, so that what changed since is the package's`,
    ]);
  });

  it("is compared as it stands, saying so, when the tarball cannot be scanned again or is another", async () => {
    const otherBytes = await scanTarget(after, { registry: registry.url, baselineReport: byEarlierBuild(stored, { sha256: "f".repeat(64) }) });
    // The earlier build's hash differs from this one's: the tool reads as changed, whatever the package did.
    expect(otherBytes.baseline).toMatchObject({ tools: [{ name: "quote_of_the_day", change: "changed" }] });
    expect(notes(otherBytes)).toEqual([expect.stringMatching(new RegExp(`could not be scanned again \\(quote-of-the-day-mcp@1\\.0\\.0 is now a tarball of sha256 ${stored.target.sha256}, not f{64}\\): some of what changed since may come from the scanner`))]);
    const folder = await scanTarget(after, { registry: registry.url, baselineReport: byEarlierBuild(stored, { sha256: null }) });
    expect(notes(folder)).toEqual([expect.stringContaining("could not be scanned again (the report holds no tarball digest)")]);
    const gone = await scanTarget(after, { registry: registry.url, baselineReport: byEarlierBuild(stored, { version: "0.9.0" }) });
    expect(notes(gone)).toEqual([expect.stringMatching(/^The report of 0\.9\.0 comes from another build of the scanner .* and 0\.9\.0 could not be scanned again \(.+\): /)]);
  });
});

import type { ScanReport } from "@/scanner/report/scan-report";
import type { ScanFinding } from "@/scanner/rules/rule";
import { scannerVersion } from "@/scanner/scanner-version";

const note = (message: string, evidence: string): ScanFinding => ({ rule: "changed-since-baseline", category: "changed-since-baseline", severity: "info", file: "package.json", line: 0, message, evidence });

/**
 * The baseline to compare a scan with, given the report of an earlier scan (what the registry
 * keeps of the last approved version): that report when this build of the scanner wrote it;
 * otherwise the same tarball scanned again by this build (`rescan` of name@version, its sha256
 * checked against the report's), since a change of the scanner's rules between the two scans
 * would show as changes of the package (every tool "changed" once its hash covers more). Where
 * the tarball cannot be scanned again (no digest in the report, a fetch that fails, other
 * bytes), the report as it stands, with an info finding that says so.
 */
export async function baselineOfThisBuild(report: ScanReport, rescan: (spec: string) => Promise<ScanReport>): Promise<{ baseline: ScanReport; findings: ScanFinding[] }> {
  const current = scannerVersion();
  const { name, version, sha256 } = report.target;
  if (report.scanner.name === "sigil-scanner" && report.scanner.version === current) return { baseline: report, findings: [] };
  const earlier = `${report.scanner.name} ${report.scanner.version}`;
  const asItStands = (why: string) => ({
    baseline: report,
    findings: [note(`The report of ${version} comes from another build of the scanner (${earlier}; this is ${current}) and ${version} could not be scanned again (${why}): some of what changed since may come from the scanner, not from the package`, earlier)],
  });
  if (!sha256) return asItStands("the report holds no tarball digest");
  let again: ScanReport;
  try {
    again = await rescan(`${name}@${version}`);
  } catch (error) {
    return asItStands((error as Error).message.replace(/\.$/, ""));
  }
  if (again.target.sha256 !== sha256) return asItStands(`${name}@${version} is now a tarball of sha256 ${again.target.sha256 ?? "unknown"}, not ${sha256}`);
  return { baseline: again, findings: [note(`The report of ${version} comes from another build of the scanner (${earlier}); ${version} was scanned again by this one (${current}), the same tarball, so that what changed since is the package's`, earlier)] };
}

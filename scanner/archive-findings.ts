import type { RefusedEntry } from "@/scanner/extract/read-tarball";
import type { ScanFinding } from "@/scanner/rules/rule";

/** Archive entries the extractor refused, as findings: a crafted archive is itself evidence. */
export function archiveFindings(refused: RefusedEntry[]): ScanFinding[] {
  return refused.map((entry) => {
    const escaping = /absolute|leaves the package|control characters/.test(entry.reason);
    const link = entry.linkTarget !== undefined;
    return {
      rule: "archive-entry",
      category: "archive",
      severity: escaping ? "high" : link || /Device|FIFO/.test(entry.type) ? "medium" : "low",
      file: entry.path,
      line: 0,
      message: `The archive holds ${link ? `a ${entry.type} to ${entry.linkTarget}` : `an entry`} that was not extracted: ${entry.reason}`,
      evidence: `${entry.type} ${entry.path}${link ? ` -> ${entry.linkTarget}` : ""}`,
    };
  });
}

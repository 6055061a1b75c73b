import fs from "node:fs";
import { z } from "zod";
import type { ScanReport } from "@/scanner/report/scan-report";
import { scanReportShape } from "@/scanner/report/scan-report-shape";
import { ScanError } from "@/scanner/scan-error";

/** An earlier `sigil scan --json` report from a file, to compare a new version with. */
export function readBaselineReport(file: string): ScanReport {
  let document: unknown;
  try {
    document = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new ScanError("bad-target", `${file} is not a readable JSON file: ${(error as Error).message}`);
  }
  const parsed = scanReportShape.safeParse(document);
  if (!parsed.success) throw new ScanError("bad-target", `${file} is not a report of \`sigil scan --json\`: ${z.prettifyError(parsed.error)}`);
  return parsed.data as unknown as ScanReport;
}

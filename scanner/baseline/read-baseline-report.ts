import fs from "node:fs";
import { z } from "zod";
import type { ScanReport } from "@/scanner/report/scan-report";
import { ScanError } from "@/scanner/scan-error";

// What diffAgainstBaseline reads from an earlier report; the rest is carried along unchecked.
const baselineShape = z.looseObject({
  scanner: z.object({ name: z.literal("sigil-scanner") }),
  target: z.looseObject({ version: z.string() }),
  dependencies: z.looseObject({ names: z.array(z.string()) }),
  permissions: z.looseObject({ detected: z.record(z.string(), z.unknown()) }),
  tools: z.array(z.looseObject({ name: z.string(), hash: z.string(), description: z.string() })),
});

/** An earlier `sigil scan --json` report from a file, to compare a new version with. */
export function readBaselineReport(file: string): ScanReport {
  let document: unknown;
  try {
    document = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new ScanError("bad-target", `${file} is not a readable JSON file: ${(error as Error).message}`);
  }
  const parsed = baselineShape.safeParse(document);
  if (!parsed.success) throw new ScanError("bad-target", `${file} is not a report of \`sigil scan --json\`: ${z.prettifyError(parsed.error)}`);
  return parsed.data as unknown as ScanReport;
}

import { z } from "zod";
import { SEVERITIES } from "@/scanner/report/verdict";

/**
 * The parts of a scan report (scan-report.ts) that readers of a stored or printed report rely
 * on, checked wherever a report crosses a process or file boundary: the registry storing a
 * worker's report, a baseline read back from the registry or from a `--json` file. The rest is
 * carried along unchecked.
 */
export const scanReportShape = z.looseObject({
  scanner: z.looseObject({ name: z.literal("sigil-scanner"), version: z.string() }),
  target: z.looseObject({ version: z.string(), integrity: z.string().nullable(), sha256: z.string().nullable(), size: z.number().int().nullable() }),
  verdict: z.enum(["pass", "warn", "fail"]),
  summary: z.record(z.string(), z.unknown()),
  findings: z.array(
    z.looseObject({
      rule: z.string(),
      category: z.string(),
      severity: z.enum(SEVERITIES),
      file: z.string(),
      line: z.number().int(),
      message: z.string(),
      evidence: z.string(),
      viaDependency: z.string().optional(),
    }),
  ),
  dependencies: z.looseObject({ names: z.array(z.string()) }),
  permissions: z.looseObject({ detected: z.record(z.string(), z.unknown()) }),
  tools: z.array(z.looseObject({ name: z.string(), hash: z.string(), description: z.string() })),
});

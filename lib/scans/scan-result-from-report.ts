import { z } from "zod";
import type { Prisma } from "@/lib/db/generated/client";
import type { ScanResultInput } from "@/lib/scans/complete-scan-job";
import { toStorableJson } from "@/lib/validation/storable-text";
import { scanReportShape } from "@/scanner/report/scan-report-shape";

/** The scanner's JSON report as the registry stores it: the ScanReport row and its Findings. */
export function scanResultFromReport(document: unknown): ScanResultInput {
  const storable = toStorableJson(document);
  const parsed = scanReportShape.safeParse(storable);
  if (!parsed.success) throw new Error(`The scanner's report is not in the expected shape: ${z.prettifyError(parsed.error)}`);
  const report = parsed.data;
  return {
    scannerVersion: `${report.scanner.name}@${report.scanner.version}`,
    verdict: report.verdict === "pass" ? "PASS" : report.verdict === "warn" ? "WARN" : "FAIL",
    summary: report.summary as Prisma.InputJsonObject,
    report: storable as Prisma.InputJsonObject,
    findings: report.findings.map((f) => ({
      ruleId: f.rule,
      category: f.category,
      severity: f.severity.toUpperCase() as Uppercase<typeof f.severity>,
      message: f.message,
      file: f.file,
      line: f.line > 0 ? f.line : undefined,
      snippet: f.evidence || undefined,
      viaDependency: f.viaDependency,
    })),
    integrity: report.target.integrity ?? undefined,
    sha256: report.target.sha256 ?? undefined,
    tarballSize: report.target.size ?? undefined,
  };
}

import { describe, expect, it } from "vitest";
import { scanResultFromReport } from "@/lib/scans/scan-result-from-report";
import { isStorableText } from "@/lib/validation/storable-text";

const report = (findings: unknown[]) => ({
  scanner: { name: "sigil-scanner", version: "0.1.0" },
  target: { name: "pkg", version: "1.0.0", integrity: "sha512-abc", sha256: "00ff", size: 1234 },
  verdict: "fail",
  summary: { bySeverity: { high: 1 } },
  findings,
  permissions: { declared: null, detected: {} },
  tools: [],
  dependencies: { count: 0, names: [], depth: 0, advisories: [], installScripts: [], nonRegistry: [], deprecated: [] },
});

describe("scanResultFromReport", () => {
  it("maps the scanner's report onto the stored report, its findings and the tarball's digests", () => {
    const result = scanResultFromReport(
      report([
        { rule: "exec", category: "exec", severity: "high", file: "index.js", line: 7, message: "spawns a shell", evidence: "exec(cmd)" },
        { rule: "audit-unavailable", category: "audit-unavailable", severity: "medium", file: "package.json", line: 0, message: "no advisories", evidence: "" },
      ]),
    );
    expect(result).toMatchObject({ scannerVersion: "sigil-scanner@0.1.0", verdict: "FAIL", integrity: "sha512-abc", sha256: "00ff", tarballSize: 1234 });
    expect(result.findings).toEqual([
      { ruleId: "exec", category: "exec", severity: "HIGH", message: "spawns a shell", file: "index.js", line: 7, snippet: "exec(cmd)" },
      { ruleId: "audit-unavailable", category: "audit-unavailable", severity: "MEDIUM", message: "no advisories", file: "package.json", line: undefined, snippet: undefined },
    ]);
  });

  it("makes text quoted from hostile code storable: NULs and lone surrogates become U+FFFD", () => {
    const evidence = "eval(\u0000'\ud800')";
    const result = scanResultFromReport(report([{ rule: "dynamic-code", category: "dynamic-code", severity: "high", file: "a\u0000.js", line: 1, message: "eval", evidence }]));
    expect(result.findings[0]).toMatchObject({ snippet: "eval(\ufffd'\ufffd')", file: "a\ufffd.js" });
    const stored = (result.report as { findings: { evidence: string; file: string }[] }).findings[0]!;
    expect(isStorableText(stored.evidence) && isStorableText(stored.file)).toBe(true);
  });

  it("refuses output that is not a scanner report, saying what is wrong", () => {
    expect(() => scanResultFromReport({ verdict: "pass" })).toThrow(/not in the expected shape(.|\n)*scanner/);
    expect(() => scanResultFromReport(report([{ rule: "x", severity: "urgent" }]))).toThrow(/severity/);
  });
});

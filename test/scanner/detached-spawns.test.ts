import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeSource } from "@/scanner/analysis/analyze-source";
import { CODE_RULES } from "@/scanner/rules/index";

describe("detached spawns", () => {
  const file = "test/fixtures/rules/exec/detached.js";
  const analysis = analyzeSource(file, fs.readFileSync(file, "utf8"), CODE_RULES.filter((rule) => rule.id === "exec"));
  const severityAt = (line: number) => analysis.findings.filter((finding) => finding.line === line).map((finding) => finding.severity);

  it("stand out with their output discarded, options given through a constant or stdio as an array", () => {
    expect(severityAt(7)).toEqual(["high"]);
    expect(severityAt(9)).toEqual(["high"]);
  });

  it("do not when the server still reads the child's output, or the child is not detached", () => {
    expect(severityAt(12)).toEqual(["info"]);
    expect(severityAt(14)).toEqual(["info"]);
  });

  it("stand out when the options are made detached and silent after their declaration", () => {
    const changed = "test/fixtures/rules/exec/changed-constants.js";
    const findings = analyzeSource(changed, fs.readFileSync(changed, "utf8"), CODE_RULES.filter((rule) => rule.id === "exec")).findings;
    expect(findings.filter((finding) => finding.line === 22).map((finding) => finding.severity)).toEqual(["high"]);
    // Made harmless only after the spawn: detached when it runs.
    expect(findings.filter((finding) => finding.line === 30).map((finding) => finding.severity)).toEqual(["high"]);
    // Only read, or handed to another name: still detached as declared.
    expect(findings.filter((finding) => finding.line === 48).map((finding) => finding.severity)).toEqual(["high"]);
    expect(findings.filter((finding) => finding.line === 52).map((finding) => finding.severity)).toEqual(["high"]);
  });
});

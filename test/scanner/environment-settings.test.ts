import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeSource } from "@/scanner/analysis/analyze-source";
import { CODE_RULES } from "@/scanner/rules/index";

describe("variables the code sets", () => {
  const file = "test/fixtures/rules/env/settings.js";
  const analysis = analyzeSource(file, fs.readFileSync(file, "utf8"), CODE_RULES.filter((rule) => rule.id === "env"));
  const at = (line: number) => analysis.findings.filter((finding) => finding.line === line);

  it("are not reads of the environment the manifest must declare", () => {
    expect(at(3).map((finding) => finding.message)).toEqual(["Sets the environment variable FORCE_COLOR"]);
    expect(analysis.capabilities.filter((capability) => capability.line <= 8)).toEqual([]);
    expect(analysis.capabilities.map((capability) => capability.value).sort()).toEqual(["*", "HOME", "LANG", "PATH"]);
  });

  it("are information where their value changes nothing for the worse: NODE_OPTIONS cleared, certificate checks on", () => {
    expect(at(24)).toMatchObject([{ severity: "info", message: "Sets the environment variable NODE_OPTIONS" }]);
    expect(at(26)).toMatchObject([{ severity: "info", message: "Sets the environment variable NODE_TLS_REJECT_UNAUTHORIZED" }]);
  });

  it("in a copy of the environment are reported only where risky, for the programs given the copy", () => {
    expect(at(31)).toEqual([]);
    expect(at(35)).toMatchObject([{ severity: "medium", message: expect.stringContaining("Sets NODE_TLS_REJECT_UNAUTHORIZED in a copy of the environment") }]);
    expect(at(35)[0]!.message).toContain("the connections of the programs it is given to");
  });

  it("stand out where they turn off certificate checks or change how started Node programs run", () => {
    expect(at(6)).toMatchObject([{ severity: "medium", message: expect.stringContaining("TLS certificates") }]);
    expect(at(8)).toMatchObject([{ severity: "medium", message: expect.stringContaining("--require") }]);
    expect(at(3)).toMatchObject([{ severity: "info" }]);
  });
});

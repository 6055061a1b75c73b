import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeSource } from "@/scanner/analysis/analyze-source";
import { CODE_RULES } from "@/scanner/rules/index";

describe("code decoded where it runs", () => {
  const file = "test/fixtures/rules/dynamic-code/payload.js";
  const text = fs.readFileSync(file, "utf8");
  const findings = analyzeSource(file, text, CODE_RULES.filter((rule) => rule.id === "dynamic-code")).findings;
  const lineOf = (snippet: string) => text.split("\n").findIndex((line) => line.startsWith(snippet)) + 1;
  const severityAt = (snippet: string) => findings.filter((finding) => finding.line === lineOf(snippet)).map((finding) => finding.severity);

  it("is a hidden payload, high: base64, hex, zlib, character codes, through constants and calls", () => {
    for (const snippet of ["eval(payload)", "(0, eval)(payload)", "const f = new Function", "vm.runInNewContext", "eval.call(null, atob", "vm.runInThisContext(zlib", "new Function(String.fromCharCode", "setTimeout(atob(", "eval(fromHex)"]) {
      expect(severityAt(snippet), snippet).toEqual(["high"]);
    }
    expect(findings.find((finding) => finding.line === lineOf("vm.runInThisContext(zlib"))?.message).toContain("decoded at run time (zlib.inflateSync)");
  });

  it("leaves code made from plain text, or from a string of the file, medium", () => {
    for (const snippet of ["eval(plain)", 'setTimeout("console.log', "module._compile", "new Worker("]) expect(severityAt(snippet), snippet).toEqual(["medium"]);
  });
});

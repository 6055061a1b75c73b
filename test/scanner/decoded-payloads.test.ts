import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeSource } from "@/scanner/analysis/analyze-source";
import { CODE_RULES } from "@/scanner/rules/index";

/** The severities of the dynamic-code findings on the line of a fixture that starts with `snippet`. */
function severitiesIn(file: string): (snippet: string) => string[] {
  const text = fs.readFileSync(file, "utf8");
  const findings = analyzeSource(file, text, CODE_RULES.filter((rule) => rule.id === "dynamic-code")).findings;
  return (snippet) => {
    const line = text.split("\n").findIndex((each) => each.startsWith(snippet)) + 1;
    expect(line, snippet).toBeGreaterThan(0);
    return findings.filter((finding) => finding.line === line).map((finding) => finding.severity);
  };
}

describe("code decoded where it runs", () => {
  const severityAt = severitiesIn("test/fixtures/rules/dynamic-code/payload.js");

  it("is a hidden payload, high: base64, hex, zlib, character codes, through constants and calls", () => {
    for (const snippet of ["eval(payload)", "(0, eval)(payload)", "const f = new Function", "vm.runInNewContext", "eval.call(null, atob", "vm.runInThisContext(zlib", "new Function(String.fromCharCode", "setTimeout(atob(", "eval(fromHex)", "eval(Buffer.from(P, encoding)", "eval(staged)", "eval(new TextDecoder", "eval(String(Buffer", "eval(`${atob", 'new Function("return " + atob', "module._compile(decodeURIComponent", 'eval(Buffer.from(atob(P), "latin1")', "eval(utf8.decode(", "eval(atob(P).split", "eval(unpack(P))", 'eval(inflate("', 'new Module("/tmp/stage8.js")', "eval(assigned)"]) {
      expect(severityAt(snippet), snippet).toEqual(["high"]);
    }
  });

  it("leaves code made from plain text, a string of the file or a decoded string the file is sent, medium", () => {
    for (const snippet of ["eval(plain)", 'setTimeout("console.log', "module._compile", "new Worker(", "  return vm.runInNewContext(Buffer.from(request.code", "  return eval(unpack(request.body"]) expect(severityAt(snippet), snippet).toEqual(["medium"]);
  });
});

describe("module names decoded where they are loaded", () => {
  const severityAt = severitiesIn("test/fixtures/rules/dynamic-code/spelt-module-names.js");

  it("are hidden from a reader, high, and name the module they decode to", () => {
    for (const snippet of ["const decoded = require(", "import(atob(", "const fromCodes = require("]) expect(severityAt(snippet), snippet).toEqual(["high"]);
    const file = "test/fixtures/rules/dynamic-code/spelt-module-names.js";
    const messages = analyzeSource(file, fs.readFileSync(file, "utf8"), CODE_RULES).findings.map((finding) => finding.message);
    expect(messages).toContain("Requires a module whose name is decoded at run time (Buffer.from, base64; it is child_process), hidden from anyone reading the code");
    expect(messages).toContain("Requires a module whose name is decoded at run time (String.fromCharCode; it is fs), hidden from anyone reading the code");
  });

  it("leave `.toString()` of a plain string an expression that spells a name, medium", () => {
    expect(severityAt("const stringified = require(")).toEqual(["medium"]);
  });
});

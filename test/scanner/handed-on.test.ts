import { describe, expect, it } from "vitest";
import { analyzeSource } from "@/scanner/analysis/analyze-source";
import { CODE_RULES } from "@/scanner/rules/index";

const handedOn = (file: string, text: string) => analyzeSource(file, text, CODE_RULES).findings.filter((finding) => finding.message.startsWith("Hands "));

describe("what a file hands on", () => {
  it("hands a value exported under many names on once", () => {
    const found = handedOn("a.js", `const cp = require("child_process");\nexports.a = exports.b = exports.c = cp.exec;\n`);
    expect(found.map(({ line, message }) => `${line} ${message}`)).toEqual(["2 Hands child_process.exec on to other files (runs commands worked out at run time)"]);
  });

  it("reads an object exported under many names once: one finding per member, not per name and member", () => {
    const names = Array.from({ length: 300 }, (_, i) => `exports.t${i}`).join(" = ");
    const members = Array.from({ length: 300 }, (_, i) => `m${i}: cp.exec`).join(", ");
    expect(handedOn("a.js", `const cp = require("child_process");\n${names} = { ${members} };\n`)).toHaveLength(300);
  });

  it("reads a top-level sequence of 150,000 exports without running out of stack", () => {
    const parts = Array.from({ length: 150_000 }, (_, i) => `exports.a${i} = ${i}`).join(", ");
    const analysis = analyzeSource("big.js", `const cp = require("child_process");\n${parts}, exports.run = cp.spawn;\n`, CODE_RULES);
    expect(analysis.findings.filter((finding) => finding.message.startsWith("Hands ")).map((finding) => finding.message)).toEqual([
      "Hands child_process.spawn on to other files (runs commands worked out at run time)",
    ]);
  });

  it("hands on each name an exported destructuring binds", () => {
    const found = handedOn("a.mjs", `import * as cp from "child_process";\nexport const { exec, spawn: run, version } = cp;\n`);
    expect(found.map((finding) => finding.message).sort()).toEqual([
      "Hands child_process.exec on to other files (runs commands worked out at run time)",
      "Hands child_process.spawn on to other files (runs commands worked out at run time)",
    ]);
  });
});

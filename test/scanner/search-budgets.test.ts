import { describe, expect, it } from "vitest";
import { analyzeSource } from "@/scanner/analysis/analyze-source";
import { downloadRunIn } from "@/scanner/analysis/download-run-commands";
import { CODE_RULES } from "@/scanner/rules/index";

// Inputs a reviewer built to blow the new searches up. What is asserted is the result; the time
// they take is measured by bench:hostile, not here.
describe("searches that follow names and lines", () => {
  it("look at a constant named eighty times on each of five levels once, and still see what it is", () => {
    const lines = ['const cp = require("child_process");', "const v6 = process.argv[2];"];
    for (let level = 5; level >= 1; level--) lines.push(`const v${level} = \`${`\${v${level + 1}}`.repeat(80)}\`;`);
    lines.push("cp.exec(v1);", "eval(v1);", 'const s = require("net").connect(1, "h"); s.on("data", (d) => cp.exec(v1));');
    const findings = analyzeSource("chain.js", lines.join("\n"), CODE_RULES).findings;
    expect(findings.filter((finding) => finding.rule === "dynamic-code").map((finding) => finding.severity)).toEqual(["medium"]);
    expect(findings.filter((finding) => finding.rule === "remote-shell")).toEqual([]);
  });

  it("read a line of thousands of chmod options as no saved download that is run", () => {
    expect(downloadRunIn(`${"curl -o x u; ".repeat(8)}chmod ${"-chmod ".repeat(9000)}`)).toBeUndefined();
  });
});

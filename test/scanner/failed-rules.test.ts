import { describe, expect, it, vi } from "vitest";
import { analysePackageFiles } from "@/scanner/analyse-package-files";
import { analyzeText, fileContent } from "@/scanner/analysis/analyze-text";
import { filesInMemory } from "@/scanner/package-files";
import { TEXT_RULES } from "@/scanner/rules/index";

// What a rule throws on (V8's regular-expression stack overflowed on a run of millions of a
// secret's characters) must not end the scan, nor clear the file.
vi.mock("@/scanner/analysis/analyze-text", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/scanner/analysis/analyze-text")>();
  return {
    ...actual,
    analyzeText: (...args: Parameters<typeof actual.analyzeText>) => {
      if (args[0] === "trips.txt") throw new RangeError("Maximum call stack size exceeded");
      return actual.analyzeText(...args);
    },
  };
});

const packageOf = (files: Record<string, string>) => filesInMemory(new Map(Object.entries(files).map(([file, text]) => [file, Buffer.from(text)])));

describe("a file the text rules fail on", () => {
  it("is reported as partly analysed (medium), and the other files are analysed", () => {
    const files = packageOf({ "package.json": '{"name":"x","version":"1.0.0"}', "trips.txt": "text", "index.js": "require('child_process').exec(process.argv[2]);\n" });
    const { findings } = analysePackageFiles(files, new Set(["index.js"]));
    expect(findings).toContainEqual(expect.objectContaining({ rule: "not-analysed", file: "trips.txt", severity: "medium", message: expect.stringMatching(/text rules failed .*Maximum call stack/) }));
    expect(findings.filter((f) => f.file === "index.js").map((f) => f.rule)).toContain("exec");
  });
});

describe("secrets in very long runs of their characters", () => {
  it("are searched without overflowing the regular-expression stack", () => {
    const text = `const key = "sk-${"a".repeat(6_000_000)}"; // T3BlbkFJ\nconst real = "sk-proj-dkryFMT07elszGNU18fmtAHOV29gnuBIPW3ahovCT3BlbkFJcjqxELSZ6bipwDKRY5ahovCJQX4gnuB";\n`;
    const findings = analyzeText("keys.js", fileContent(Buffer.from(text)), TEXT_RULES);
    expect(findings.map((f) => [f.line, f.message])).toEqual([[2, "Contains a hardcoded OpenAI API key"]]);
  });
});

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeSource } from "@/scanner/analysis/analyze-source";
import { analyzeText } from "@/scanner/analysis/analyze-text";
import { CODE_RULES, TEXT_RULES } from "@/scanner/rules/index";
import type { Capability, ScanFinding } from "@/scanner/rules/rule";

// GuardDog-style fixtures: in test/fixtures/rules/<rule>/, a line `// ruleid: <rule> [value]`
// (`# ruleid:` in text files, `"//": "ruleid: ..."` in package.json) says the rule must report
// on the next line (with that capability value; `?` for one that cannot be worked out), and
// `ok: <rule>` that it must not. The rule may report nowhere else. A fixture named
// `x.package.json` is read as the package's package.json.
const FIXTURES = path.resolve("test/fixtures/rules");

interface Expectation {
  line: number;
  kind: "ruleid" | "ok";
  value?: string;
}

function expectationsOf(text: string, ruleId: string): Expectation[] {
  const expectations: Expectation[] = [];
  text.split("\n").forEach((line, i) => {
    const match = /(?:\/\/|#)\W*(ruleid|ok):\s*([\w-]+)(?:\s+([^\s"]+))?/.exec(line);
    if (match && match[2] === ruleId) expectations.push({ line: i + 2, kind: match[1] as Expectation["kind"], value: match[3] });
  });
  return expectations;
}

function analyzeWith(ruleId: string, file: string, text: string): { findings: ScanFinding[]; capabilities: Capability[]; parseErrors: string[] } {
  const code = CODE_RULES.find((r) => r.id === ruleId);
  if (code) return analyzeSource(file, text, [code]);
  const asPackageFile = file.endsWith(".package.json") ? "package.json" : file;
  return { findings: analyzeText(asPackageFile, text, TEXT_RULES.filter((r) => r.id === ruleId)), capabilities: [], parseErrors: [] };
}

for (const rule of [...CODE_RULES, ...TEXT_RULES]) {
  describe(`rule ${rule.id}`, () => {
    const dir = path.join(FIXTURES, rule.id);
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];

    it("has positive and negative fixtures", () => {
      const all = files.map((f) => fs.readFileSync(path.join(dir, f), "utf8")).join("\n");
      expect(all, `fixtures in ${dir}`).toMatch(new RegExp(`ruleid: ${rule.id}`));
      expect(all, `fixtures in ${dir}`).toMatch(new RegExp(`ok: ${rule.id}`));
    });

    it.each(files)("matches exactly the annotated lines of %s", (file) => {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      const result = analyzeWith(rule.id, file, text);
      expect(result.parseErrors).toEqual([]);
      const expectations = expectationsOf(text, rule.id);
      const reported = new Set(result.findings.map((f) => f.line));
      for (const e of expectations) {
        if (e.kind === "ok") {
          expect(reported.has(e.line), `line ${e.line} must not be reported`).toBe(false);
          continue;
        }
        expect(reported.has(e.line), `line ${e.line} must be reported`).toBe(true);
        if (e.value !== undefined) {
          const values = result.capabilities.filter((c) => c.line === e.line).map((c) => c.value ?? "?");
          expect(values, `capability value on line ${e.line}`).toContain(e.value);
        }
      }
      const expected = new Set(expectations.filter((e) => e.kind === "ruleid").map((e) => e.line));
      for (const finding of result.findings) expect(expected.has(finding.line), `unexpected report on line ${finding.line}: ${finding.message}`).toBe(true);
      // A reviewer reads each thing once: no finding repeats another where it stands.
      const told = result.findings.map((f) => `line ${f.line}: ${f.message} (${f.evidence})`);
      expect(told.filter((each, i) => told.indexOf(each) !== i), "findings reported twice").toEqual([]);
    });
  });
}

describe("install-script severities", () => {
  it("makes install-time scripts high and a prepare script (git installs only) information", () => {
    const severities = (file: string) => analyzeText("package.json", fs.readFileSync(path.join(FIXTURES, "install-script", file), "utf8"), TEXT_RULES).map((f) => f.severity);
    expect(severities("dropper.package.json")).toEqual(["high"]);
    expect(severities("typescript-build.package.json")).toEqual(["info"]);
  });
});

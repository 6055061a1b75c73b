import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeSource } from "@/scanner/analysis/analyze-source";
import { CODE_RULES } from "@/scanner/rules/index";

describe("copies of the environment", () => {
  const file = "test/fixtures/rules/env/copies.js";
  const text = fs.readFileSync(file, "utf8");
  const findings = analyzeSource(file, text, CODE_RULES.filter((rule) => rule.id === "env")).findings;
  const at = (snippet: string) => {
    const line = text.split("\n").findIndex((each) => each.startsWith(snippet)) + 1;
    expect(line, snippet).toBeGreaterThan(0);
    return findings.filter((finding) => finding.line === line).map(({ severity, message }) => ({ severity, message }));
  };
  const serialised = { severity: "high", message: "Serialises the whole environment, secrets included: the first step of exfiltrating it" };

  it("are low where they are made and kept", () => {
    expect(at("const withDebug")).toEqual([{ severity: "low", message: "Copies the whole environment (spread), secrets included" }]);
    expect(at("const assigned")).toEqual([{ severity: "low", message: "Copies the whole environment (Object.assign), secrets included" }]);
    expect(at("const cloned")).toEqual([{ severity: "low", message: "Copies the whole environment (structuredClone), secrets included" }]);
  });

  it("are low where listed or handed on, and the settings made in them are the programs' given them", () => {
    expect(at("const count = Object.keys(childEnv)")).toEqual([{ severity: "low", message: "Iterates over a copy of the whole environment (Object.keys)" }]);
    expect(at("module.exports.childEnv")).toEqual([{ severity: "low", message: "Hands a copy of the whole environment on where its reads are not followed, secrets included" }]);
    expect(at('spawn("node", ["child.js"]')).toEqual([
      { severity: "low", message: "Copies the whole environment (spread), secrets included" },
      { severity: "medium", message: "Sets NODE_OPTIONS in a copy of the environment, which changes how every Node.js program it is given to runs (`--require` loads code into it)" },
    ]);
  });

  it("are high where serialised, by name or where they are made", () => {
    expect(at('fetch("https://collect.evil-metrics.example/1"')).toEqual([serialised]);
    expect(at('fetch("https://collect.evil-metrics.example/3"')).toEqual([serialised]);
    expect(at("console.log(structuredClone(Object.assign")).toEqual([serialised]);
    expect(at("console.log(JSON.stringify(nested))")).toEqual([serialised]);
  });
});

import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeSource } from "@/scanner/analysis/analyze-source";
import { CODE_RULES } from "@/scanner/rules/index";

describe("files opened", () => {
  const file = "test/fixtures/rules/filesystem/escaped-modules.js";
  const analysis = analyzeSource(file, fs.readFileSync(file, "utf8"), CODE_RULES.filter((rule) => rule.id === "filesystem"));
  const kindOf = (value: string) => analysis.capabilities.filter((capability) => capability.value === value).map((capability) => capability.kind);

  it("are read by default and written with flags other than r", () => {
    expect(kindOf("config.json")).toEqual(["read", "read"]);
    expect(kindOf("/tmp/.cache/log")).toEqual(["write"]);
  });
});

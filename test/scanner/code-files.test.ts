import { describe, expect, it } from "vitest";
import { runsAsCode } from "@/scanner/analyse-package-files";
import { isCodeFile } from "@/scanner/analysis/parse-source";

describe("which files the code rules read", () => {
  it("reads JavaScript and TypeScript by extension, and no declaration file, which holds types only", () => {
    expect(["a.js", "b.mjs", "c.cjs", "d.jsx", "e.ts", "f.mts", "g.cts", "h.tsx"].filter(isCodeFile)).toHaveLength(8);
    expect(["x.d.ts", "y.d.mts", "z.d.cts", "README.md", "data.json"].filter(isCodeFile)).toEqual([]);
  });

  it("also reads what Node runs whatever its name: an entry point, a shebang script", () => {
    const entries = new Set(["bin/server"]);
    expect(runsAsCode("bin/server", entries, () => Buffer.from("console.log(1)"))).toBe(true);
    expect(runsAsCode("bin/tool", entries, () => Buffer.from("#!/usr/bin/env node\n"))).toBe(true);
    expect(runsAsCode("bin/notes", entries, () => Buffer.from("plain text"))).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { analyzeSource } from "@/scanner/analysis/analyze-source";
import { ownFileTarget, resolveOwnFile } from "@/scanner/analysis/own-file-exports";
import { CODE_RULES } from "@/scanner/rules/index";

const exportsOf = (file: string, text: string) => {
  const exports = analyzeSource(file, text, CODE_RULES).exports;
  return exports && { named: Object.fromEntries(exports.named), merged: exports.merged };
};

describe("resolveOwnFile", () => {
  const files = new Set(["index.js", "lib/shell.js", "lib/run.ts", "lib/net/index.mjs", "lib/io.cjs", "src/tools.mts"]);

  it("finds the file Node or TypeScript would load for a relative specifier", () => {
    expect(resolveOwnFile("index.js", "./lib/shell", files)).toBe("lib/shell.js");
    expect(resolveOwnFile("index.js", "./lib/shell.js", files)).toBe("lib/shell.js");
    expect(resolveOwnFile("lib/shell.js", "./io.cjs", files)).toBe("lib/io.cjs");
    expect(resolveOwnFile("lib/shell.js", "./net", files)).toBe("lib/net/index.mjs");
    expect(resolveOwnFile("lib/shell.js", "./net/", files)).toBe("lib/net/index.mjs");
    expect(resolveOwnFile("lib/net/index.mjs", "../shell", files)).toBe("lib/shell.js");
    expect(resolveOwnFile("lib/shell.js", "..", files)).toBe("index.js");
    expect(resolveOwnFile("lib/net/index.mjs", "../..", files)).toBe("index.js");
    // TypeScript's ES modules name the compiled file.
    expect(resolveOwnFile("index.js", "./lib/run.js", files)).toBe("lib/run.ts");
    expect(resolveOwnFile("src/index.mts", "./tools.mjs", files)).toBe("src/tools.mts");
  });

  it("finds nothing for packages, absolute paths, paths out of the package and missing files", () => {
    expect(resolveOwnFile("index.js", "child_process", files)).toBeUndefined();
    expect(resolveOwnFile("index.js", "/etc/passwd", files)).toBeUndefined();
    expect(resolveOwnFile("index.js", "../other/index.js", files)).toBeUndefined();
    expect(resolveOwnFile("lib/shell.js", "../../index.js", files)).toBeUndefined();
    expect(resolveOwnFile("index.js", "./lib/missing", files)).toBeUndefined();
  });
});

describe("what a file hands its importers", () => {
  it("names each module function by the name it is exported under, and the modules merged into the exports", () => {
    expect(exportsOf("shell.js", `const cp = require("child_process"); exports.run = exports.go = cp.exec; module.exports.spawn = cp.spawn;`)).toEqual({
      named: { run: "child_process.exec", go: "child_process.exec", spawn: "child_process.spawn" },
      merged: [],
    });
    expect(exportsOf("io.js", `module.exports = { ...require("fs"), get: require("https").get };`)).toEqual({ named: { get: "https.get" }, merged: ["fs"] });
    expect(exportsOf("io.mjs", `export * from "node:fs"; export * as net from "https"; export { exec as run, default } from "child_process";`)).toEqual({
      named: { net: "https", run: "child_process.exec", default: "child_process" },
      merged: ["fs"],
    });
    expect(exportsOf("run.mjs", `import { execSync } from "child_process"; export default execSync; export const spawnIt = (await import("child_process")).spawn;`)).toEqual({
      named: { default: "child_process.execSync", spawnIt: "child_process.spawn" },
      merged: [],
    });
    // tsc's getters.
    expect(exportsOf("shell.js", `const child_process_1 = require("child_process"); Object.defineProperty(exports, "run", { enumerable: true, get: function () { return child_process_1.exec; } });`)).toEqual({
      named: { run: "child_process.exec" },
      merged: [],
    });
  });

  it("names nothing for members of exported objects, the package's own files, or what is not a module", () => {
    expect(exportsOf("tools.js", `const cp = require("child_process"); exports.tools = { run: cp.exec };`)).toBeUndefined();
    expect(exportsOf("index.js", `module.exports = require("./lib/shell"); exports.helper = require("./helper").run;`)).toBeUndefined();
    expect(exportsOf("db.js", `exports.exec = function (query) { return db.query(query); };`)).toBeUndefined();
  });
});

describe("ownFileTarget", () => {
  const exports = { named: new Map([["run", "child_process.exec"], ["default", "child_process.execSync"]]), merged: ["fs", "child_process"] };

  it("gives a named export its target, and a member of what is merged the module that has it", () => {
    expect(ownFileTarget(exports, "run")).toBe("child_process.exec");
    expect(ownFileTarget(exports, undefined)).toBe("child_process.execSync");
    expect(ownFileTarget(exports, "readFileSync")).toBe("fs.readFileSync");
    expect(ownFileTarget(exports, "spawn")).toBe("child_process.spawn");
  });

  it("is the one module merged when read whole, and nothing when several are", () => {
    expect(ownFileTarget({ named: new Map(), merged: ["child_process"] }, undefined)).toBe("child_process");
    expect(ownFileTarget({ named: new Map(), merged: ["fs", "child_process"] }, undefined)).toBeUndefined();
    expect(ownFileTarget({ named: new Map([["run", "child_process.exec"]]), merged: [] }, "log")).toBeUndefined();
  });
});

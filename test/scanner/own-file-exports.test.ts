import { describe, expect, it } from "vitest";
import { analyzeSource } from "@/scanner/analysis/analyze-source";
import { type OwnFileExports, ownFileTarget } from "@/scanner/analysis/own-file-exports";
import { CODE_RULES } from "@/scanner/rules/index";

/** What a file hands its importers, with `./x` resolved to `x.js`. */
const exportsOf = (file: string, text: string) => {
  const ownFiles = { resolve: (specifier: string) => (specifier.startsWith("./") ? { file: `${specifier.slice(2)}.js` } : undefined), member: () => undefined, text: () => undefined, schema: () => undefined, ownsPackage: () => false };
  const exports = analyzeSource(file, text, CODE_RULES, { ownFiles }).exports;
  return exports && { named: Object.fromEntries(exports.named), merged: exports.merged };
};

describe("what a file hands its importers", () => {
  it("names each module function by the name it is exported under, and the modules merged into the exports", () => {
    expect(exportsOf("shell.js", `const cp = require("child_process"); exports.run = exports.go = cp.exec; module.exports.spawn = cp.spawn;`)).toEqual({
      named: { run: { target: "child_process.exec" }, go: { target: "child_process.exec" }, spawn: { target: "child_process.spawn" } },
      merged: [],
    });
    expect(exportsOf("io.js", `module.exports = { ...require("fs"), get: require("https").get };`)).toEqual({ named: { get: { target: "https.get" } }, merged: [{ target: "fs" }] });
    expect(exportsOf("io.mjs", `export * from "node:fs"; export * as net from "https"; export { exec as run, default } from "child_process";`)).toEqual({
      named: { net: { target: "https" }, run: { target: "child_process.exec" }, default: { target: "child_process" } },
      merged: [{ target: "fs", keepsOwn: true }],
    });
    // tsc's getters.
    expect(exportsOf("shell.js", `const child_process_1 = require("child_process"); Object.defineProperty(exports, "run", { enumerable: true, get: function () { return child_process_1.exec; } });`)).toEqual({
      named: { run: { target: "child_process.exec" } },
      merged: [],
    });
  });

  it("names the package's own files it hands on from, without looking into them", () => {
    expect(exportsOf("index.js", `module.exports = require("./lib"); module.exports.helper = require("./helper").run; exports.lost = require("./lost").run;`)).toEqual({ named: { helper: { file: "helper.js", member: "run" } }, merged: [{ file: "lib.js" }] });
    expect(exportsOf("index.mjs", `export * from "./io"; export * as ns from "./net"; export { default as run } from "./run";`)).toEqual({
      named: { ns: { file: "net.js" }, run: { file: "run.js", member: "default" } },
      merged: [{ file: "io.js", keepsOwn: true }],
    });
  });

  it("hides what is merged under a name the file exports something of its own under, when that wins at run time", () => {
    expect(exportsOf("vfs.js", `module.exports = { ...require("fs"), readFileSync: (p) => store.get(p) };`)?.named).toEqual({ readFileSync: null });
    expect(exportsOf("vfs.mjs", `export function readFileSync(p) { return store.get(p); }\nexport * from "fs";`)?.named).toEqual({ readFileSync: null });
    // A later merge replaces the name.
    expect(exportsOf("vfs.js", `exports.readFileSync = (p) => store.get(p); Object.assign(module.exports, require("fs"));`)?.named).toEqual({});
  });

  it("counts what is written through the exports name only while it names the exports object", () => {
    // superagent's way: replace the exports, then point the name at them again.
    expect(exportsOf("index.js", `module.exports = request;\nexports = module.exports;\nexports.protocols = require("https");`)?.named).toEqual({ protocols: { target: "https" } });
    expect(exportsOf("index.js", `module.exports = request;\nexports.protocols = require("https");`)).toBeUndefined();
    expect(exportsOf("index.js", `exports = {};\nexports.protocols = require("https");`)).toBeUndefined();
    expect(exportsOf("index.js", `module.exports = request;\nvar e = exports = module.exports;\nexports.protocols = require("https");`)?.named).toEqual({ protocols: { target: "https" } });
  });

  it("names nothing for members of exported objects, and a value of the file's own as nothing", () => {
    // (The object is kept as a name that may be an input schema, naming no module.)
    expect(exportsOf("tools.js", `const cp = require("child_process"); exports.tools = { run: cp.exec };`)).toEqual({ named: {}, merged: [] });
    expect(exportsOf("db.js", `exports.exec = function (query) { return db.query(query); };`)).toEqual({ named: { exec: null }, merged: [] });
  });
});

describe("ownFileTarget", () => {
  const files = new Map<string, OwnFileExports>([
    ["shell.js", { named: new Map([["run", { target: "child_process.exec" }], ["default", { target: "child_process.execSync" }]]), merged: [{ target: "fs" }, { target: "child_process" }] }],
    ["barrel.js", { named: new Map(), merged: [{ file: "decoy.js" }, { file: "shell.js" }] }],
    ["decoy.js", { named: new Map(), merged: [{ target: "os" }] }],
    ["files.mjs", { named: new Map([["default", { target: "fs" }]]), merged: [] }],
    ["vfs.js", { named: new Map([["readFileSync", null]]), merged: [{ target: "fs" }] }],
  ]);
  const exportsOf = (file: string) => files.get(file);
  const target = (file: string, member?: string) => ownFileTarget(files.get(file)!, member === undefined ? [] : [member], exportsOf);

  it("gives a named export its target, and a member of what is merged the module that has it", () => {
    expect(target("shell.js", "run")).toBe("child_process.exec");
    expect(target("shell.js")).toBe("child_process.execSync");
    expect(target("shell.js", "readFileSync")).toBe("fs.readFileSync");
    expect(target("shell.js", "spawn")).toBe("child_process.spawn");
  });

  it("looks through files merged into others, choosing among all the modules merged on the way", () => {
    expect(target("barrel.js", "run")).toBe("child_process.exec");
    expect(target("barrel.js", "readFileSync")).toBe("fs.readFileSync");
    expect(target("barrel.js", "hostname")).toBe("os.hostname");
  });

  it("reads members one after another, through files", () => {
    const nested = new Map<string, OwnFileExports>([
      ["index.js", { named: new Map([["io", { file: "io.js" }], ["shell", { target: "child_process" }]]), merged: [] }],
      ["io.js", { named: new Map([["slurp", { target: "fs.readFileSync" }]]), merged: [] }],
    ]);
    const exportsOfNested = (file: string) => nested.get(file);
    expect(ownFileTarget(nested.get("index.js")!, ["io", "slurp"], exportsOfNested)).toBe("fs.readFileSync");
    expect(ownFileTarget(nested.get("index.js")!, ["shell", "exec"], exportsOfNested)).toBe("child_process.exec");
    expect(ownFileTarget(nested.get("index.js")!, ["default", "shell", "exec"], exportsOfNested)).toBe("child_process.exec");
  });

  it("reads a member of a default export that is a module, and nothing a name of the file's own hides", () => {
    expect(target("files.mjs", "readFileSync")).toBe("fs.readFileSync");
    expect(target("vfs.js", "readFileSync")).toBeUndefined();
    expect(target("vfs.js", "writeFileSync")).toBe("fs.writeFileSync");
  });

  it("is the one value merged when read whole, and nothing when several are", () => {
    expect(ownFileTarget({ named: new Map(), merged: [{ target: "child_process" }] }, [], exportsOf)).toBe("child_process");
    expect(ownFileTarget({ named: new Map(), merged: [{ target: "fs" }, { target: "child_process" }] }, [], exportsOf)).toBeUndefined();
    expect(ownFileTarget({ named: new Map([["run", { target: "child_process.exec" }]]), merged: [] }, ["log"], exportsOf)).toBeUndefined();
  });

  it("stops at a file that hands itself on", () => {
    const loop = new Map<string, OwnFileExports>([["a.js", { named: new Map([["x", { file: "a.js", member: "x" }]]), merged: [{ file: "a.js" }] }]]);
    expect(ownFileTarget(loop.get("a.js")!, ["x"], (file) => loop.get(file))).toBeUndefined();
    expect(ownFileTarget(loop.get("a.js")!, ["y"], (file) => loop.get(file))).toBeUndefined();
  });
});

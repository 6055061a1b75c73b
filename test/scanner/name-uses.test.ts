import { describe, expect, it } from "vitest";
import { type Node, walk } from "@/scanner/analysis/ast";
import { gather } from "@/scanner/analysis/analyze-source";
import { indexIdentifiers } from "@/scanner/analysis/identifier-index";
import { ancestorsOf, DeclaratorsByName, isUseOf, scopeOf, useIdentifierOffsets, usesOfName } from "@/scanner/analysis/name-uses";
import { parseSource } from "@/scanner/analysis/parse-source";

function parsed(source: string) {
  const { program } = parseSource("probe.js", source);
  const declarators: Node[] = [];
  const identifiers: Node[] = [];
  walk(program, (node) => {
    if (node.type === "VariableDeclarator") declarators.push(node);
    if (node.type === "Identifier") identifiers.push(node);
  });
  declarators.sort((a, b) => a.start - b.start);
  identifiers.sort((a, b) => a.start - b.start);
  return { program, source, declarators, identifiers };
}

/** The lines (1-based) of the uses of `name` declared by the first declarator. */
function useLines(source: string, name: string): number[] {
  const { program, declarators } = parsed(source);
  const declaration = declarators[0]!;
  const lineOf = (offset: number) => source.slice(0, offset).split("\n").length;
  return usesOfName(scopeOf(program, declaration), source, name, [declaration]).map((use) => lineOf(use.node.start));
}

describe("usesOfName", () => {
  it("skips a function or block that declares the name again, and only that one", () => {
    const source = [
      "const send = fetch;",
      "send(1);",
      "function a(send) { send(2); }",
      "function b() { { let send; send(3); } send(4); }",
      "function c() { try {} catch (send) { send(5); } send(6); }",
      "function d() { for (const send of []) send(7); send(8); }",
      "function e() { if (1) { var send; } send(9); }",
    ].join("\n");
    expect(useLines(source, "send")).toEqual([2, 4, 5, 6]);
  });

  it("counts a parameter's default value and an assignment as uses, not declarations", () => {
    const source = ["const cp = require('child_process');", "function go(op, _u = cp) {", "  cp[op]('id');", "}", "function set() { [cp] = [1]; cp.exec(); }"].join("\n");
    expect(useLines(source, "cp")).toEqual([2, 3, 5, 5]);
  });

  it("takes a declared function's name as declared around it, a function expression's as inside it", () => {
    const source = ["const run = eval;", "function outer() {", "  function run() {}", "  run(1);", "}", "const f = function run() { run(2); };", "run(3);"].join("\n");
    expect(useLines(source, "run")).toEqual([7]);
  });

  it("does not let a declaration around the alias's own block hide its uses there", () => {
    const source = ["function h(t) {", "  let e = t;", "  if (t) { const e = fetch; e(1); }", "  e(2);", "}"].join("\n");
    const { program, declarators } = parsed(source);
    const alias = declarators.find((d) => source.slice(d.start, d.end) === "e = fetch")!;
    const lines = usesOfName(scopeOf(program, alias), source, "e", [alias]).map((use) => source.slice(0, use.node.start).split("\n").length);
    // Line 4's `e` is the outer `let`.
    expect(lines).toEqual([3]);
  });

  it("finds the identifiers through the file's identifier index while one is in use, those spelt in escapes too", () => {
    const source = ["var run = 1;", "r\\u0075n(2);", "run(3);", "// run in a comment, and 'run' in a string", "o.run(4);"].join("\n");
    const { program, declarators } = parsed(source);
    const lineOf = (offset: number) => source.slice(0, offset).split("\n").length;
    const useLinesNow = () => usesOfName(scopeOf(program, declarators[0]!), source, "run", [declarators[0]!]).map((use) => lineOf(use.node.start));
    // A text search cannot see `r\u0075n`.
    expect(useLinesNow()).toEqual([3, 5]);
    const found = gather(program, new Map());
    const index = indexIdentifiers(found.identifiers, found.identifierParents, found.identifierGrandparents);
    useIdentifierOffsets({ source, offsetsOf: index.offsetsOf });
    try {
      expect(useLinesNow()).toEqual([2, 3, 5]);
    } finally {
      useIdentifierOffsets(undefined);
    }
  });

  it("finds the scope of a declaration among thousands of statements", () => {
    const source = `${"var filler = 0;\n".repeat(5000)}function target() { var inner = 1; return inner; }`;
    const { program, declarators } = parsed(source);
    expect(scopeOf(program, declarators.at(-1)!).type).toBe("FunctionDeclaration");
  });
});

describe("isUseOf", () => {
  it("finds the uses of declarations that share a function, each in its own block, in one search", () => {
    const source = ["function f(e) {", "  { const e = fetch; e(1); }", "  { const e = fetch; e(2); }", "  e(3);", "}"].join("\n");
    const { program, declarators, identifiers } = parsed(source);
    const calls = identifiers.filter((identifier) => identifier.name === "e" && source[identifier.end] === "(");
    expect(calls.map((call) => isUseOf(program, source, call, declarators))).toEqual([true, true, false]);
  });

  it("sees the uses of declarations added to the list after it was first asked", () => {
    const source = ["function a() { let t = Function; return new t('x'); }", "function b() { let t = Function; return new t('y'); }", "function c(t) { return t(1); }"].join("\n");
    const { program, declarators, identifiers } = parsed(source);
    const calls = identifiers.filter((identifier) => identifier.name === "t" && source[identifier.end] === "(");
    const declarations = [declarators[0]!];
    expect(calls.map((call) => isUseOf(program, source, call, declarations))).toEqual([true, false, false]);
    declarations.push(declarators[1]!);
    expect(calls.map((call) => isUseOf(program, source, call, declarations))).toEqual([true, true, false]);
  });
});

describe("DeclaratorsByName.sameVariable", () => {
  it("groups a name's declarators by the scope they declare in: one variable each", () => {
    const source = [
      "var out = a();",
      "var out = b();",
      "function f() { var out = c(); if (x) { var out = d(); let out2 = 1; } }",
      "{ let out = e(); }",
    ].join("\n");
    const { program, declarators } = parsed(source);
    const byName = new DeclaratorsByName(declarators, program);
    const calls = (declarator: Node) => byName.sameVariable(declarator).map((each) => ((each.init as Node).callee as Node).name);
    const [a, , c, , , e] = declarators;
    expect(calls(a!)).toEqual(["a", "b"]);
    expect(calls(c!)).toEqual(["c", "d"]);
    expect(calls(e!)).toEqual(["e"]);
  });
});

describe("ancestorsOf", () => {
  it("finds a shorthand property's value under its property, not under its key, the twin with its span", () => {
    const { program } = parsed("send({ env });");
    let property: Node | undefined;
    walk(program, (node) => {
      if (node.type === "Property") property = node;
    });
    const value = property!.value as Node;
    expect(property!.key).not.toBe(value);
    expect(ancestorsOf(program, value).at(-1)).toBe(property);
    expect(ancestorsOf(program, property!.key as Node).at(-1)).toBe(property);
  });
});

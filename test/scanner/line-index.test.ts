import { describe, expect, it } from "vitest";
import { LineIndex } from "@/scanner/analysis/line-index";

describe("LineIndex", () => {
  it("numbers lines from 1", () => {
    const lines = new LineIndex("a\nbb\n\nccc");
    expect([0, 1, 2, 4, 5, 6, 9].map((offset) => lines.lineOf(offset))).toEqual([1, 1, 2, 2, 3, 4, 4]);
  });

  it("shows a short line whole", () => {
    const text = "const a = 1;\nfetch(url);\n";
    expect(new LineIndex(text).snippet(text.indexOf("fetch"), text.indexOf(";\n", 13))).toBe("fetch(url);");
  });

  it("shows an indented line from its first character, without a mark for the indentation", () => {
    const text = "function f() {\n    const entries = await fs.readdir(validPath, { withFileTypes: true });\n}";
    const start = text.indexOf("fs.readdir");
    expect(new LineIndex(text).snippet(start, text.indexOf(";", start))).toBe("const entries = await fs.readdir(validPath, { withFileTypes: true });");
  });

  it("starts a long line at its beginning while that still shows all of the node", () => {
    const text = `const a = fetch("https://api.example.com/");${" ".repeat(200)}// trailing`;
    const start = text.indexOf("fetch");
    expect(new LineIndex(text).snippet(start, text.indexOf(";"))).toMatch(/^const a = fetch\("https:\/\/api\.example\.com\/"\);.*…$/);
  });

  it("shows all of a node on a minified line, with a little of what comes before it", () => {
    const call = 'l.default.get("https://evil.example.com/x")';
    const text = `${"var q=1,".repeat(100)}${call},${"z();".repeat(100)}`;
    const start = text.indexOf(call);
    const snippet = new LineIndex(text).snippet(start, start + call.length);
    expect(snippet).toContain(call);
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippet.endsWith("…")).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(162);
    expect(snippet.indexOf(call)).toBeGreaterThan(10);
  });

  it("starts a node longer than the snippet at the node itself", () => {
    const call = `run(${"x,".repeat(200)})`;
    const text = `${"a;".repeat(50)}${call}`;
    const start = text.indexOf(call);
    const snippet = new LineIndex(text).snippet(start, start + call.length);
    expect(snippet.slice(1, 5)).toBe("run(");
  });
});

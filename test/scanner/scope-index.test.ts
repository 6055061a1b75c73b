import { describe, expect, it } from "vitest";
import type { Node } from "@/scanner/analysis/ast";
import { ScopeIndex } from "@/scanner/analysis/scope-index";

const node = (start: number, end: number): Node => ({ type: "X", start, end });
const declared = (scope: [number, number], at: number, value: string) => ({ scope: node(...scope), declaration: node(at, at + 1), value });

describe("ScopeIndex", () => {
  // program [0,1000) ⊃ f [100,500) ⊃ block [200,300); g [600,900) beside f.
  const index = new ScopeIndex([
    declared([0, 1000], 10, "program"),
    declared([200, 300], 210, "block"),
    declared([100, 500], 110, "f"),
    declared([600, 900], 610, "g"),
    declared([600, 900], 700, "g again"),
  ]);

  it("answers with the innermost scope around an offset", () => {
    expect(index.at(250)).toBe("block");
    expect(index.at(150)).toBe("f");
    expect(index.at(350)).toBe("f");
    expect(index.at(550)).toBe("program");
    expect(index.at(950)).toBe("program");
  });

  it("takes, of declarations in one scope, the last one before the offset, else the first", () => {
    expect(index.at(650)).toBe("g");
    expect(index.at(800)).toBe("g again");
    expect(index.at(605)).toBe("g");
  });

  it("takes the highest ranked of one scope's declarations before the last one before the offset", () => {
    const ranked = new ScopeIndex([declared([0, 100], 10, "child_process"), declared([0, 100], 20, "./shim"), declared([0, 100], 30, "os")], (value) => (value.startsWith(".") ? 0 : 1));
    expect(ranked.at(25)).toBe("child_process");
    expect(ranked.at(35)).toBe("os");
    expect(ranked.at(5)).toBe("child_process");
  });

  it("lets a preference choose among one scope's best ranked, and falls back when none is preferred", () => {
    const index = new ScopeIndex([declared([0, 100], 10, "child_process"), declared([0, 100], 20, "os")]);
    expect(index.at(50)).toBe("os");
    expect(index.at(50, (value, key) => value === key, "child_process")).toBe("child_process");
    expect(index.at(50, (value, key) => value === key, "fs")).toBe("os");
  });

  it("answers nothing outside every scope, and at a scope's end", () => {
    const inner = new ScopeIndex([declared([100, 200], 110, "f"), declared([300, 400], 310, "h")]);
    expect(inner.at(50)).toBeUndefined();
    expect(inner.at(200)).toBeUndefined();
    expect(inner.at(250)).toBeUndefined();
    expect(inner.at(399)).toBe("h");
  });

  it("climbs past many sibling scopes to the one around them", () => {
    const siblings = Array.from({ length: 5000 }, (_, i) => declared([10 + i * 10, 18 + i * 10], 11 + i * 10, `f${i}`));
    const wide = new ScopeIndex([declared([0, 100_000], 1, "program"), ...siblings]);
    expect(wide.at(99_000)).toBe("program");
    expect(wide.at(25)).toBe("f1");
    expect(wide.at(29)).toBe("program");
  });
});

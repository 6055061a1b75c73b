import { describe, expect, it } from "vitest";
import { localPathOf } from "@/lib/web/local-path";

describe("localPathOf, the only place sign-in sends a browser afterwards", () => {
  it.each(["/", "/submissions/abc", "/review?verdict=FAIL", "/audit?action=version.#top"])("keeps %s", (path) => {
    expect(localPathOf(path)).toBe(path);
  });
  it.each([undefined, "", "https://evil.example/", "//evil.example", "/\\evil.example", "/%5Cevil.example".replace("%5C", "\\"), "/\t/evil.example", "javascript:alert(1)", "evil.example"])("refuses %j", (path) => {
    expect(localPathOf(path)).toBe("/");
  });
});

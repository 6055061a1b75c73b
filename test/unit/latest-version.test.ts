import { describe, expect, it } from "vitest";
import { pickLatest } from "@/lib/versions/latest-version";

const at = (id: string, version: string, minute: number) => ({ id, version, publishedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)) });

describe("pickLatest", () => {
  it("prefers the higher semantic version over the later publication", () => {
    expect(pickLatest([at("a", "1.10.0", 1), at("b", "1.9.0", 2)])?.id).toBe("a");
  });
  it("orders a release above its prerelease", () => {
    expect(pickLatest([at("a", "2.0.0-rc.1", 2), at("b", "2.0.0", 1)])?.id).toBe("b");
  });
  it("falls back to publication time for versions that are not semantic", () => {
    expect(pickLatest([at("a", "2024.10", 1), at("b", "2024.9", 2)])?.id).toBe("b");
  });
  it("has no latest without versions", () => expect(pickLatest([])).toBeUndefined());
});

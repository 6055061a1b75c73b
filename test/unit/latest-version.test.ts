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

  const permutations = <T>(items: T[]): T[][] =>
    items.length <= 1 ? [items] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));

  it("gives the same answer whatever order the rows arrive in, for mixed versions too", () => {
    const mixed = [at("a", "2.0.0", 1), at("b", "nightly-7", 2), at("c", "1.5.0", 3), at("d", "1.0.0+b", 4)];
    const winners = new Set(permutations(mixed).map((order) => pickLatest(order)?.id));
    expect(winners.size).toBe(1);
    // In publication order: 2.0.0, then nightly-7 takes over (not semantic), then 1.5.0 takes
    // over nightly-7 (not both semantic), then 1.0.0+b does not beat 1.5.0.
    expect([...winners]).toEqual(["c"]);
  });

  it("keeps the earlier of two versions that differ only in build metadata", () => {
    for (const order of permutations([at("a", "1.0.0+a", 1), at("b", "1.0.0+b", 2)])) expect(pickLatest(order)?.id).toBe("a");
  });
});

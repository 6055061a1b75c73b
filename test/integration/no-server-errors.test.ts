import { beforeAll, describe, expect, it } from "vitest";
import { callApi } from "../support/call-api";
import { expectValid, sigilComponentRef } from "../support/contract";
import { backends, useFreshDatabase } from "../support/database";
import { createTeam, publish } from "../support/registry-fixtures";

// A seeded generator, so that a failure names an input that can be replayed.
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const nasty = [
  "", " ", "%00", "%E0%A4%A", "%", "%25", "..", "%2e%2e", "latest", "1.0.0", "1.0.0%2Bbuild", "io.github.fuzz%2Fsrv", "io.github.fuzz/srv",
  "%F0%9F%92%A3", "%C0%AF", "a".repeat(3000), "-1", "1e400", "NaN", "true", "null", "[]", "{}", "%0A%0D", "%u0000", "\\", "'", "\"", ";DROP TABLE x",
  "%EF%BF%BF", "%ED%A0%80", "9".repeat(40), "2025-08-07T13:15:04.280Z", "2025-02-30T00:00:00Z", "0000-00-00T00:00:00Z",
];
// Cursors that decode, carrying what a forger would put in them.
const forgedCursors = ["a\u0000b", "a\ud800", "\n", "%", "\\", "x".repeat(2000), "io.github.fuzz/srv"].map((n) =>
  encodeURIComponent(Buffer.from(JSON.stringify({ n, v: n })).toString("base64url")),
);
const params = ["cursor", "limit", "search", "updated_since", "version", "include_deleted", "unknown"];
const prefixes = ["/v0.1/servers", "/v0/servers", "/v0.1", "/v0.1/servers/", "/v0/servers/x"];
const suffixes = ["", "/versions", "/versions/", "/versions/latest", "/versions/1.0.0", "/status", "/versions/1.0.0/extra"];

describe.each(backends)("robustness on $name PostgreSQL", (backend) => {
  useFreshDatabase(backend);

  beforeAll(async () => {
    const team = await createTeam("io.github.fuzz");
    await publish(team, "srv", "1.0.0");
  });

  it("answers 300 generated requests without a 500, errors always as problem JSON", async () => {
    const random = mulberry32(20261122);
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
    for (let i = 0; i < 300; i++) {
      let path = pick(prefixes);
      if (random() < 0.6) path += `/${pick(nasty)}${pick(suffixes)}`;
      const query = Array.from({ length: Math.floor(random() * 4) }, () => {
        const param = pick(params);
        return `${param}=${param === "cursor" && random() < 0.5 ? pick(forgedCursors) : pick(nasty)}`;
      }).join("&");
      const url = query ? `${path}?${query}` : path;
      const res = await callApi(url);
      expect(res.status, url).toBeLessThan(500);
      if (res.status >= 400) {
        expect(res.contentType, url).toBe("application/problem+json");
        expectValid(sigilComponentRef("Problem"), res.body);
      }
    }
  });
});

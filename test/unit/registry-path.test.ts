import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "@/lib/registry/cursor";
import { parseRegistryPath } from "@/lib/registry/registry-path";

describe("parseRegistryPath", () => {
  it.each([
    ["/v0.1/servers", { kind: "list" }],
    ["/v0/servers/", { kind: "list" }],
    ["/v0.1/servers/com.example%2Fmy-server/versions", { kind: "versions", serverName: "com.example/my-server" }],
    ["/v0.1/servers/com.example/my-server/versions", { kind: "versions", serverName: "com.example/my-server" }],
    ["/v0.1/servers/com.example%2Fmy-server/versions/1.0.0%2B20130313144700", { kind: "version", serverName: "com.example/my-server", version: "1.0.0+20130313144700" }],
    ["/v0/servers/com.example%2Fx/versions/latest", { kind: "version", serverName: "com.example/x", version: "latest" }],
    ["/v0.1/servers/com.example%2Fversions/versions/1.0.0", { kind: "version", serverName: "com.example/versions", version: "1.0.0" }],
  ])("reads %s", (path, expected) => expect(parseRegistryPath(path)).toEqual(expected));

  it.each(["/v0.1/server", "/v0.1/servers/only-a-name", "/v0.1/servers/a%2Fb", "/v0.1/servers/a%2Fb/tags", "/v0.1/servers/%E0%A4%A/versions", "/v0.1/servers/a%2Fb/versions/1%00", "/v1/servers"])(
    "finds nothing at %s",
    (path) => expect(parseRegistryPath(path)).toBeNull(),
  );
});

describe("list cursors", () => {
  it("round-trips a position", () => {
    const cursor = { name: "io.github.a/ü-server", version: "1.0.0+build" };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  const forged = (n: string, v = "1") => Buffer.from(JSON.stringify({ n, v })).toString("base64url");
  it.each(["not-base64!", Buffer.from("[]").toString("base64url"), Buffer.from('{"n":1}').toString("base64url"), forged("a\u0000b"), forged("a\ud800"), forged("a", "\n"), forged("x".repeat(300))])(
    "rejects %s with a 400 naming the cursor",
    (value) => {
      expect(() => decodeCursor(value)).toThrowError(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ location: "cursor" })] }));
    },
  );
});

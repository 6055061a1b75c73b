import crypto from "node:crypto";
import ssri from "ssri";
import { describe, expect, it } from "vitest";
import { npmPurl, REVIEW_PREDICATE_TYPE, reviewStatement, sha512HexOf } from "@/lib/signing/review-statement";

const tarball = Buffer.from("the exact bytes of a tarball");
const integrity = ssri.fromData(tarball, { algorithms: ["sha512"] }).toString();
const sha256 = crypto.createHash("sha256").update(tarball).digest("hex");

describe("the statement Sigil signs at publication", () => {
  it("names the exact npm tarball by purl, with its SHA-512 and SHA-256 in hex", () => {
    const statement = reviewStatement({
      packageName: "@alice/weather-mcp",
      packageVersion: "2.1.0",
      integrity,
      sha256,
      server: { name: "io.github.alice/weather", version: "2.1.0" },
      serverJsonDigest: "5e".repeat(32),
      report: { digest: "ef".repeat(32), verdict: "PASS", scannerVersion: "sigil-scanner@0.1.0" },
      approvals: [{ reviewer: "user:r1", name: "Rita Reviewer", at: new Date("2026-11-22T08:00:00Z"), override: false }],
      permissions: { network: { outbound: { allow_host: ["api.weather.gov"] } } },
      publishedAt: new Date("2026-11-22T08:01:00Z"),
    });
    expect(statement).toEqual({
      _type: "https://in-toto.io/Statement/v1",
      subject: [{ name: "pkg:npm/%40alice/weather-mcp@2.1.0", digest: { sha512: crypto.createHash("sha512").update(tarball).digest("hex"), sha256 } }],
      predicateType: REVIEW_PREDICATE_TYPE,
      predicate: {
        server: { name: "io.github.alice/weather", version: "2.1.0" },
        serverJson: { digest: { sha256: "5e".repeat(32) } },
        scanReport: { digest: { sha256: "ef".repeat(32) }, verdict: "PASS", scanner: "sigil-scanner@0.1.0" },
        approvals: [{ reviewer: "user:r1", name: "Rita Reviewer", approvedAt: "2026-11-22T08:00:00.000Z" }],
        permissions: { network: { outbound: { allow_host: ["api.weather.gov"] } } },
        publishedAt: "2026-11-22T08:01:00.000Z",
      },
    });
  });

  it("writes unscoped purls as they are, and refuses an integrity that is not one sha512", () => {
    expect(npmPurl("mcp-remote", "0.15.1")).toBe("pkg:npm/mcp-remote@0.15.1");
    expect(() => sha512HexOf("sha1-abc=")).toThrow(/Not a single sha512 integrity/);
    expect(() => sha512HexOf(`${integrity} ${integrity}`)).toThrow();
  });
});

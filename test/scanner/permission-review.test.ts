import { describe, expect, it } from "vitest";
import type { Permissions } from "@/lib/validation/permissions";
import { detectedPermissions, reviewPermissions } from "@/scanner/permissions/permission-review";
import type { Capability } from "@/scanner/rules/rule";

const at = (kind: Capability["kind"], value?: string, line = 1): Capability => ({ kind, value, file: "dist/index.js", line, evidence: `evidence ${line}` });
const undeclared = (capabilities: Capability[], declared: Permissions) =>
  reviewPermissions(capabilities, declared).filter((f) => f.rule === "undeclared-permission").map((f) => f.line);
const unusedMessages = (capabilities: Capability[], declared: Permissions) =>
  reviewPermissions(capabilities, declared).filter((f) => f.rule === "unused-permission").map((f) => f.message);

describe("detectedPermissions", () => {
  it("puts what the code does in the manifest's shape, unknown values as user-provided", () => {
    expect(detectedPermissions([at("network", "api.example.com"), at("network"), at("listen"), at("read", "~/.config/x"), at("exec", "git"), at("env", "TOKEN"), at("env", "TOKEN")])).toEqual({
      network: { outbound: { allow_host: ["api.example.com", "user-provided"] }, listen: true },
      read: ["~/.config/x"],
      exec: ["git"],
      env: ["TOKEN"],
    });
    expect(detectedPermissions([])).toEqual({});
  });
});

describe("reviewPermissions", () => {
  it("finds nothing undeclared when the manifest covers the code", () => {
    const declared: Permissions = {
      network: { outbound: { allow_host: ["api.example.com", "*.github.com"] }, listen: true },
      read: ["user-provided", "/etc/hostname"],
      write: ["~/.cache/tool"],
      exec: ["git"],
      env: ["TOKEN"],
    };
    const capabilities = [at("network", "api.example.com"), at("network", "raw.github.com"), at("listen"), at("read"), at("read", "/etc/hostname"), at("write", "~/.cache/tool/x.json"), at("read", "~/.cache/tool/y"), at("exec", "git"), at("env", "TOKEN"), at("env", "*")];
    expect(undeclared(capabilities, declared)).toEqual([]);
  });

  it("reports each undeclared capability as high, at its evidence", () => {
    const declared: Permissions = { network: { outbound: { allow_host: ["api.example.com"] } }, read: ["/data"], exec: ["git"], env: ["TOKEN"] };
    const findings = reviewPermissions(
      [at("network", "evil.example", 1), at("network", "api.example.com.evil.example", 2), at("read", "/data-secret/x", 3), at("write", "/data/x", 4), at("exec", "curl", 5), at("env", "AWS_SECRET_ACCESS_KEY", 6), at("listen", undefined, 7)],
      declared,
    ).filter((f) => f.rule === "undeclared-permission");
    expect(findings.map((f) => f.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(findings.every((f) => f.severity === "high" && f.category === "undeclared-permission" && f.evidence.startsWith("evidence"))).toBe(true);
    expect(findings[0]?.message).toContain("connects to evil.example");
  });

  it("covers the domain of DNS queries for computed names only with that domain's wildcard or a wider one", () => {
    const queries = [at("network", "*.evil.example", 1)];
    expect(undeclared(queries, { network: { outbound: { allow_host: ["api.evil.example", "evil.example"] } } })).toEqual([1]);
    expect(undeclared(queries, { network: { outbound: { allow_host: ["*.evil.example"] } } })).toEqual([]);
    expect(undeclared(queries, { network: { outbound: { allow_host: ["*.example"] } } })).toEqual([]);
  });

  it("needs user-provided for destinations, paths and commands worked out at run time", () => {
    expect(undeclared([at("network"), at("read"), at("exec")], {})).toEqual([1, 1, 1]);
    // Declaring something specific does not cover whatever the code computes at run time.
    expect(undeclared([at("network"), at("read"), at("exec")], { network: { outbound: { allow_host: ["api.weather.gov"] } }, read: ["/data"], exec: ["node"] })).toEqual([1, 1, 1]);
    expect(undeclared([at("network"), at("read"), at("exec")], { network: { outbound: { allow_host: ["user-provided"] } }, read: ["user-provided"], exec: ["user-provided"] })).toEqual([]);
    expect(undeclared([at("network"), at("network", "anything.example")], { network: { outbound: { insecure_allow_all: true } } })).toEqual([]);
  });

  it("does not ask for ambient variables such as HOME and PATH to be declared", () => {
    expect(undeclared([at("env", "HOME"), at("env", "PATH"), at("env", "NODE_ENV"), at("env", "GITHUB_TOKEN", 2)], {})).toEqual([2]);
  });

  it("does not let a wildcard or a path prefix cover more than it says", () => {
    expect(undeclared([at("network", "github.com.evil.example")], { network: { outbound: { allow_host: ["*.github.com"] } } })).toEqual([1]);
    expect(undeclared([at("read", "/database/x")], { read: ["/data"] })).toEqual([1]);
    expect(undeclared([at("write", "/data/x")], { read: ["/data"] })).toEqual([1]);
    expect(undeclared([at("read", "~/project/../.config/gh/hosts.yml")], { read: ["~/project"] })).toEqual([1]);
    expect(undeclared([at("read", "~/project/./src/../README.md")], { read: ["~/project/"] })).toEqual([]);
  });

  it("reports declared permissions nothing uses, as info", () => {
    const messages = unusedMessages([at("network", "api.example.com"), at("env", "TOKEN")], {
      network: { outbound: { allow_host: ["api.example.com", "unused.example.com"] } },
      env: ["TOKEN", "UNUSED_VAR"],
      exec: ["git"],
    });
    expect(messages).toEqual(["Declares network host unused.example.com, which no code was seen using", "Declares exec git, which no code was seen using", "Declares env UNUSED_VAR, which no code was seen using"]);
    expect(reviewPermissions([], { env: ["X"] }).every((f) => f.severity === "info")).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import type { ScanReport } from "@/scanner/report/scan-report";
import { scanTarget } from "@/scanner/scan-target";

// Real MCP servers from npm, at pinned versions: the scans must complete and say sensible things.
const scan = (spec: string) => scanTarget(spec);
const toolNames = (report: ScanReport) => report.tools.map((t) => t.name);
/** Findings in the package's own code above info. */
const nonInfo = (report: ScanReport) => report.findings.filter((f) => f.severity !== "info" && f.category !== "audit-unavailable" && !f.viaDependency);

describe("scans of real MCP servers", () => {
  it("@modelcontextprotocol/server-filesystem: its file tools, user-provided paths, nothing alarming", async () => {
    const report = await scan("@modelcontextprotocol/server-filesystem@2026.8.31");
    expect(report.target.integrity).toMatch(/^sha512-/);
    expect(toolNames(report)).toEqual(expect.arrayContaining(["read_text_file", "write_file", "list_directory", "search_files"]));
    expect(report.permissions.detected.read).toContain("user-provided");
    expect(report.permissions.detected.write).toContain("user-provided");
    expect(report.permissions.detected.network).toBeUndefined();
    expect(nonInfo(report)).toEqual([]);
    // Its dependencies' code is analysed too, and reported without failing the package.
    expect(report.dependencies.code?.analysed).toBe(report.dependencies.count);
    const viaAjv = report.findings.find((f) => f.viaDependency?.startsWith("ajv@") && f.category === "dynamic-code");
    expect(viaAjv).toMatchObject({ severity: "low", file: expect.stringMatching(/^node_modules\/ajv\//), message: expect.stringMatching(/^Via dependency ajv@.*medium in the package's own code/) });
    expect(report.findings.filter((f) => f.viaDependency && !["info", "low"].includes(f.severity))).toEqual([]);
  }, 120_000);

  it("@modelcontextprotocol/server-memory: its knowledge-graph tools and its one variable", async () => {
    const report = await scan("@modelcontextprotocol/server-memory@2025.11.25");
    expect(toolNames(report)).toEqual(expect.arrayContaining(["create_entities", "read_graph", "search_nodes"]));
    expect(report.permissions.detected.env).toEqual(["MEMORY_FILE_PATH"]);
    expect(report.verdict).not.toBe("fail");
  }, 120_000);

  it("@modelcontextprotocol/server-everything: its get-env tool, which hands the whole environment to the model, fails", async () => {
    const report = await scan("@modelcontextprotocol/server-everything@2026.8.31");
    expect(toolNames(report).length).toBeGreaterThanOrEqual(10);
    expect(report.findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: "env", severity: "high", file: expect.stringContaining("get-env") })]));
    expect(report.verdict).toBe("fail");
  }, 120_000);

  it("@upstash/context7-mcp: tools whose names live in another file are still read", async () => {
    const report = await scan("@upstash/context7-mcp@4.1.1");
    expect(report.tools).toHaveLength(2);
    expect(report.tools.every((t) => t.description.length > 100)).toBe(true);
    expect(report.permissions.detected.env).toContain("CONTEXT7_API_KEY");
  }, 120_000);

  it("mcp-remote: a proxy that listens, with no tools of its own", async () => {
    const report = await scan("mcp-remote@0.15.1");
    expect(report.permissions.detected.network?.listen).toBe(true);
    expect(report.tools).toEqual([]);
    expect(report.verdict).not.toBe("fail");
    expect(report.dependencies.count).toBeGreaterThan(20);
  }, 120_000);
});

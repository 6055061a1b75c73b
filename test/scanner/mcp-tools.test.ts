import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeSource } from "@/scanner/analysis/analyze-source";
import { CODE_RULES } from "@/scanner/rules/index";

const toolsOf = (file: string) => analyzeSource(file, fs.readFileSync(file, "utf8"), CODE_RULES).tools;

describe("MCP tools as servers list them", () => {
  it("reads every element of a list assembled by spreads, concat and a filter, once each", () => {
    const tools = toolsOf("test/fixtures/rules/tool-poisoning/assembled-lists.js");
    expect(tools.map((t) => t.name)).toEqual(["read_file", "list_directory", "start_process", "search"]);
    expect(tools[3]!.description).toMatch(/^Searches files\. Ignore all previous instructions/);
  });

  it("reads FastMCP's addTool and both branches of a chosen list, a tool in both counted once", () => {
    const tools = toolsOf("test/fixtures/rules/tool-poisoning/fastmcp-tools.js");
    expect(tools.map((t) => t.name)).toEqual(["scrape", "map", "get", "delete"]);
    expect(tools[0]!.inputSchema).toBe("z.object({ url: z.string() })");
    expect(tools[1]!.parameterTexts).toEqual(["The site's root URL"]);
  });
});

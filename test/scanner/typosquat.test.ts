import { describe, expect, it } from "vitest";
import { WELL_KNOWN_MCP_PACKAGES } from "@/scanner/metadata/well-known-mcp-packages";
import { typosquatTarget } from "@/scanner/metadata/typosquat";

describe("typosquatTarget", () => {
  it.each([
    ["@modelcontextprotocol/server-fi1esystem", "@modelcontextprotocol/server-filesystem"],
    ["@modelcontextprotocol/server_memory", "@modelcontextprotocol/server-memory"],
    ["@modelcontextprotocol/server-rnemory", "@modelcontextprotocol/server-memory"],
    ["server-filesystem", "@modelcontextprotocol/server-filesystem"],
    ["modelcontextprotocol-server-filesystem", "@modelcontextprotocol/server-filesystem"],
    ["@mcp-tools/server-everything", "@modelcontextprotocol/server-everything"],
    ["@playwrite/mcp", "@playwright/mcp"],
    ["firecrawl-mpc", "firecrawl-mcp"],
    ["mcp-remot", "mcp-remote"],
    ["chrome-devtools-mcq", "chrome-devtools-mcp"],
  ])("%s imitates %s", (name, target) => {
    expect(typosquatTarget(name, WELL_KNOWN_MCP_PACKAGES)?.target).toBe(target);
  });

  it.each([
    "@modelcontextprotocol/server-filesystem",
    "@playwright/mcp",
    "weather-mcp-honest",
    "@acme/weather-mcp-server",
    "mcp-server-postgres-readonly",
    "@example-tools/github-issues-mcp",
    "postgres-query-mcp",
    "@sigil-demo/mcp-filesystem",
    "@vercel/mcp",
    "@heroku/mcp-server",
    "@acme/sdk",
    "mcp-server",
  ])("%s imitates nothing", (name) => {
    expect(typosquatTarget(name, WELL_KNOWN_MCP_PACKAGES)).toBeUndefined();
  });
});

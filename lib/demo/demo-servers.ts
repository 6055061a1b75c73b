import type { Verdict } from "@/lib/db/generated/client";
import type { ScanFindingInput } from "@/lib/scans/complete-scan-job";

export interface DemoVersion {
  serverJson: Record<string, unknown>;
  verdict: Verdict;
  findings: ScanFindingInput[];
  /** Where the demo leaves it: published, revoked after publication, or waiting for review. */
  outcome: "published" | "revoked" | "submitted";
}

const npmPackage = (identifier: string, version: string, env: { name: string; description: string; isSecret?: boolean }[] = []) => ({
  registryType: "npm",
  registryBaseUrl: "https://registry.npmjs.org",
  identifier,
  version,
  transport: { type: "stdio" },
  ...(env.length ? { environmentVariables: env.map((e) => ({ ...e, isRequired: true })) } : {}),
});

const server = (
  name: string,
  version: string,
  fields: { title: string; description: string; repo: string; pkg: ReturnType<typeof npmPackage>; permissions: Record<string, unknown> },
) => ({
  $schema: "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
  name,
  title: fields.title,
  description: fields.description,
  version,
  repository: { url: `https://github.com/${fields.repo}`, source: "github" },
  packages: [fields.pkg],
  _meta: { "dev.sigil/permissions": fields.permissions },
});

const filesystem = (version: string) =>
  server("io.github.sigil-demo/filesystem", version, {
    title: "Filesystem",
    description: "Read, search and edit files inside folders the user chooses",
    repo: "sigil-demo/mcp-filesystem",
    pkg: npmPackage("@sigil-demo/mcp-filesystem", version),
    permissions: { read: ["user-provided"], write: ["user-provided"] },
  });

const weather = (version: string) =>
  server("io.github.sigil-demo/weather", version, {
    title: "Weather",
    description: "Forecasts and severe-weather alerts from the US National Weather Service",
    repo: "sigil-demo/mcp-weather",
    pkg: npmPackage("@sigil-demo/mcp-weather", version),
    permissions: { network: { outbound: { allow_host: ["api.weather.gov"], allow_port: [443] } } },
  });

const githubIssues = (version: string) =>
  server("com.example.tools/github-issues", version, {
    title: "GitHub Issues",
    description: "Search, read and comment on GitHub issues and pull requests",
    repo: "example-tools/github-issues-mcp",
    pkg: npmPackage("@example-tools/github-issues-mcp", version, [
      { name: "GITHUB_TOKEN", description: "A fine-grained token with issues:read/write", isSecret: true },
    ]),
    permissions: { network: { outbound: { allow_host: ["api.github.com"], allow_port: [443] } }, env: ["GITHUB_TOKEN"] },
  });

const postgres = (version: string) =>
  server("com.example.tools/postgres-query", version, {
    title: "PostgreSQL Query",
    description: "Read-only SQL queries and schema inspection for a PostgreSQL database",
    repo: "example-tools/postgres-query-mcp",
    pkg: npmPackage("postgres-query-mcp", version, [
      { name: "DATABASE_URL", description: "postgresql:// URL of a read-only role", isSecret: true },
    ]),
    permissions: { network: { outbound: { allow_host: ["user-provided"], allow_port: [5432] } }, env: ["DATABASE_URL"] },
  });

// The server version carries build metadata, which npm versions cannot: the package is 1.0.0.
const time = (version: string, packageVersion: string) =>
  server("dev.sigil.demo/time", version, {
    title: "Time",
    description: "Current time and time-zone conversions, with no network access",
    repo: "sigil-demo/mcp-time",
    pkg: npmPackage("@sigil-demo/mcp-time", packageVersion),
    permissions: {},
  });

const git = (version: string) =>
  server("dev.sigil.demo/git", version, {
    title: "Git",
    description: "Inspect history, diffs and branches of local Git repositories",
    repo: "sigil-demo/mcp-git",
    pkg: npmPackage("@sigil-demo/mcp-git", version),
    permissions: { read: ["user-provided"], exec: ["git"] },
  });

const clean = { verdict: "PASS" as const, findings: [] };
const note = (ruleId: string, category: string, message: string, file: string, line: number): ScanFindingInput => ({
  ruleId,
  category,
  severity: "LOW",
  message,
  file,
  line,
});

/** A small registry: six servers, most with several versions, one revoked, one awaiting review. */
export const DEMO_VERSIONS: DemoVersion[] = [
  { serverJson: filesystem("1.0.0"), ...clean, outcome: "published" },
  { serverJson: filesystem("1.1.0"), ...clean, outcome: "published" },
  {
    serverJson: filesystem("1.2.0"),
    verdict: "WARN",
    findings: [note("fs-home-directory", "filesystem", "Expands ~ in user-provided paths", "dist/paths.js", 14)],
    outcome: "published",
  },
  { serverJson: weather("0.9.0"), ...clean, outcome: "published" },
  { serverJson: weather("1.0.0"), ...clean, outcome: "published" },
  { serverJson: weather("1.1.0"), ...clean, outcome: "submitted" },
  { serverJson: githubIssues("2.3.1"), ...clean, outcome: "published" },
  { serverJson: postgres("0.4.0"), ...clean, outcome: "revoked" },
  { serverJson: postgres("0.5.0"), ...clean, outcome: "published" },
  { serverJson: time("1.0.0+build.20261101", "1.0.0"), ...clean, outcome: "published" },
  { serverJson: git("3.1.0"), ...clean, outcome: "published" },
  {
    serverJson: git("3.2.0-beta.1"),
    verdict: "WARN",
    findings: [note("exec-command", "exec", "Runs `git` with arguments built from tool input", "dist/git.js", 41)],
    outcome: "published",
  },
];

/** One demo server version: its server.json, the demo package folder it is built from, and where the demo leaves it. */
export interface DemoVersion {
  serverJson: Record<string, unknown>;
  /** The folder under lib/demo/packages/ holding the package's code. */
  packageDir: string;
  /** Published, revoked after publication, or scanned and waiting for review. */
  outcome: "published" | "revoked" | "awaiting-review";
}

interface DemoServer {
  name: string;
  title: string;
  packageDir: string;
  packageName: string;
  repo: string;
  description: string;
  permissions: Record<string, unknown>;
  env?: { name: string; description: string; isSecret?: boolean }[];
}

function serverJson(server: DemoServer, version: string, packageVersion = version): Record<string, unknown> {
  return {
    $schema: "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
    name: server.name,
    title: server.title,
    description: server.description,
    version,
    repository: { url: `https://github.com/${server.repo}`, source: "github" },
    packages: [
      {
        registryType: "npm",
        identifier: server.packageName,
        version: packageVersion,
        transport: { type: "stdio" },
        ...(server.env ? { environmentVariables: server.env.map((variable) => ({ ...variable, isRequired: true })) } : {}),
      },
    ],
    _meta: { "dev.sigil/permissions": server.permissions },
  };
}

const filesystem: DemoServer = {
  name: "io.github.sigil-demo/filesystem",
  title: "Filesystem",
  packageDir: "mcp-filesystem",
  packageName: "@sigil-demo/mcp-filesystem",
  repo: "sigil-demo/mcp-filesystem",
  description: "Read, search and edit files inside folders the user chooses",
  permissions: { read: ["user-provided"], write: ["user-provided"] },
};
const weather: DemoServer = {
  name: "io.github.sigil-demo/weather",
  title: "Weather",
  packageDir: "mcp-weather",
  packageName: "@sigil-demo/mcp-weather",
  repo: "sigil-demo/mcp-weather",
  description: "Forecasts and severe-weather alerts from the US National Weather Service",
  permissions: { network: { outbound: { allow_host: ["api.weather.gov"], allow_port: [443] } } },
};
const githubIssues: DemoServer = {
  name: "com.example.tools/github-issues",
  title: "GitHub Issues",
  packageDir: "github-issues-mcp",
  packageName: "@example-tools/github-issues-mcp",
  repo: "example-tools/github-issues-mcp",
  description: "Search, read and comment on GitHub issues and pull requests",
  permissions: { network: { outbound: { allow_host: ["api.github.com"], allow_port: [443] } }, env: ["GITHUB_TOKEN"] },
  env: [{ name: "GITHUB_TOKEN", description: "A fine-grained token with issues:read/write", isSecret: true }],
};
const postgres: DemoServer = {
  name: "com.example.tools/postgres-query",
  title: "PostgreSQL Query",
  packageDir: "postgres-query-mcp",
  packageName: "postgres-query-mcp",
  repo: "example-tools/postgres-query-mcp",
  description: "Read-only SQL queries and schema inspection for a PostgreSQL database",
  permissions: { exec: ["psql"], env: ["DATABASE_URL"] },
  env: [{ name: "DATABASE_URL", description: "postgresql:// URL of a read-only role", isSecret: true }],
};
const time: DemoServer = {
  name: "dev.sigil.demo/time",
  title: "Time",
  packageDir: "mcp-time",
  packageName: "@sigil-demo/mcp-time",
  repo: "sigil-demo/mcp-time",
  description: "Current time and time-zone conversions, with no network access",
  permissions: {},
};
const git: DemoServer = {
  name: "dev.sigil.demo/git",
  title: "Git",
  packageDir: "mcp-git",
  packageName: "@sigil-demo/mcp-git",
  repo: "sigil-demo/mcp-git",
  description: "Inspect history, diffs and branches of local Git repositories",
  permissions: { exec: ["git"] },
};

const version = (server: DemoServer, serverVersion: string, outcome: DemoVersion["outcome"] = "published", packageVersion = serverVersion): DemoVersion => ({
  serverJson: serverJson(server, serverVersion, packageVersion),
  packageDir: server.packageDir,
  outcome,
});

/**
 * A small registry: six servers, most with several versions, in publication order (so each
 * scan's baseline is the version before it). One version is revoked; weather 1.1.0, which
 * starts sending usage data to a host no manifest declares, waits for review with a failing scan.
 */
export const DEMO_VERSIONS: DemoVersion[] = [
  version(filesystem, "1.0.0"),
  version(filesystem, "1.1.0"),
  version(filesystem, "1.2.0"),
  version(weather, "0.9.0"),
  version(weather, "1.0.0"),
  version(weather, "1.1.0", "awaiting-review"),
  version(githubIssues, "2.3.1"),
  version(postgres, "0.4.0", "revoked"),
  version(postgres, "0.5.0"),
  // The server version carries build metadata, which npm versions cannot: the package is 1.0.0.
  version(time, "1.0.0+build.20261101", "published", "1.0.0"),
  version(git, "3.1.0"),
  version(git, "3.2.0-beta.1"),
];

/** The package every demo server depends on, a minimal stdio MCP server. */
export const DEMO_LIBRARY_DIR = "mcp-stdio";

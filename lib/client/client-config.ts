import { npmPackageOf, parseServerJson } from "@/lib/validation/server-json";

/**
 * The `mcpServers` entry an MCP client (Claude Desktop, Cursor, VS Code's `servers`) needs to
 * run a published npm server at its exact version: never a range, and secrets as placeholders,
 * never values. Undefined for servers without an npm package.
 */
export function clientConfigFor(serverJson: unknown): Record<string, unknown> | undefined {
  const server = parseServerJson(serverJson);
  const npm = npmPackageOf(server);
  if (!npm?.version) return undefined;
  const key = server.name.slice(server.name.indexOf("/") + 1);
  const env = Object.fromEntries((npm.environmentVariables ?? []).map((variable) => [variable.name, `<${variable.isSecret ? "secret: " : ""}${variable.description ?? variable.name}>`]));
  return { mcpServers: { [key]: { command: "npx", args: ["-y", `${npm.identifier}@${npm.version}`], ...(Object.keys(env).length ? { env } : {}) } } };
}

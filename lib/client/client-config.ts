import { npmPackageOf, parseServerJson } from "@/lib/validation/server-json";
import { type Permissions, USER_PROVIDED } from "@/lib/validation/permissions";

export const MCP_CLIENTS = ["claude", "vscode", "cursor"] as const;
export type McpClient = (typeof MCP_CLIENTS)[number];

/** How to run a published npm server: its exact package@version, the variables it reads, what it declares. */
export interface ServerLaunch {
  /** The entry's key in a client's file: the server name's last part. */
  key: string;
  packageName: string;
  packageVersion: string;
  env: { name: string; description?: string; isSecret: boolean }[];
  permissions: Permissions | null;
}

/** The launch of a server.json's npm package, pinned to its exact version; undefined for servers without one. */
export function serverLaunchOf(serverJson: unknown, permissions: Permissions | null = null): ServerLaunch | undefined {
  const server = parseServerJson(serverJson);
  const npm = npmPackageOf(server);
  if (!npm?.version) return undefined;
  return {
    key: server.name.slice(server.name.indexOf("/") + 1),
    packageName: npm.identifier,
    packageVersion: npm.version,
    env: (npm.environmentVariables ?? []).map((variable) => ({ name: variable.name, description: variable.description, isSecret: Boolean(variable.isSecret) })),
    permissions,
  };
}

export interface VsCodeInput {
  type: "promptString";
  id: string;
  description: string;
  password: boolean;
}

/** One server's entry in a client's MCP configuration file, and what the user should know about it. */
export interface ClientEntry {
  /** The top-level object the entry goes in: `mcpServers` (Claude, Cursor) or `servers` (VS Code). */
  section: "mcpServers" | "servers";
  entry: Record<string, unknown>;
  /** VS Code's prompts for secrets, which its entries refer to as `${input:id}`. */
  inputs: VsCodeInput[];
  notes: string[];
}

const describePermissions = (permissions: Permissions | null) => {
  if (!permissions || !Object.keys(permissions).length) return "none";
  const parts: string[] = [];
  const outbound = permissions.network?.outbound;
  if (outbound?.insecure_allow_all) parts.push("network: any host");
  else if (outbound?.allow_host?.length) parts.push(`network: ${outbound.allow_host.join(", ")}${outbound.allow_port?.length ? ` (port${outbound.allow_port.length > 1 ? "s" : ""} ${outbound.allow_port.join(", ")})` : ""}`);
  if (permissions.network?.listen) parts.push("listens for connections");
  for (const kind of ["read", "write", "exec", "env"] as const) if (permissions[kind]?.length) parts.push(`${kind}: ${permissions[kind]!.join(", ")}`);
  return parts.join("; ") || "none";
};

/**
 * VS Code's sandbox (macOS and Linux) for the declared permissions, when they can be said in
 * its terms: hosts it may reach, paths it may write. A permission it cannot express ("any
 * host", paths the user chooses at run time) leaves the sandbox off rather than break the
 * server, with the reason.
 */
function vsCodeSandbox(permissions: Permissions | null): { sandbox?: Record<string, unknown>; note: string } {
  const outbound = permissions?.network?.outbound;
  const hosts = outbound?.allow_host ?? [];
  const writes = permissions?.write ?? [];
  if (outbound?.insecure_allow_all || hosts.includes(USER_PROVIDED) || writes.includes(USER_PROVIDED) || permissions?.network?.listen) {
    return { note: "VS Code's sandbox is left off: the server declares access it cannot express (any host, a host or path the user chooses, or listening)." };
  }
  const allowWrite = writes.map((path) => path.replace(/^~(?=\/|$)/, "${userHome}"));
  return {
    sandbox: { filesystem: { allowWrite }, network: { allowedDomains: hosts } },
    note: `VS Code runs it sandboxed (macOS and Linux): network ${hosts.length ? hosts.join(", ") : "none"}; writes ${allowWrite.length ? allowWrite.join(", ") : "none"}.`,
  };
}

/**
 * The entry a client needs to run the server at its exact reviewed version (`npx -y
 * <package>@<version>`, never a range), with every environment variable as the client's own
 * placeholder, never a value: `${NAME}` (Claude Code expands it from the environment),
 * `${env:NAME}` (Cursor), `${input:id}` with a prompt (VS Code, which keeps the answer secret).
 */
export function clientEntry(client: McpClient, launch: ServerLaunch): ClientEntry {
  const command = { command: "npx", args: ["-y", `${launch.packageName}@${launch.packageVersion}`] };
  const declared = `Declared permissions: ${describePermissions(launch.permissions)}.`;
  const envOf = (placeholder: (name: string) => string) => (launch.env.length ? { env: Object.fromEntries(launch.env.map((variable) => [variable.name, placeholder(variable.name)])) } : {});
  const inputId = (name: string) => `${launch.key}-${name}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
  switch (client) {
    case "claude":
      return { section: "mcpServers", entry: { ...command, ...envOf((name) => `\${${name}}`) }, inputs: [], notes: [declared, "Claude does not enforce them; its configuration has no place for them."] };
    case "cursor":
      return { section: "mcpServers", entry: { ...command, ...envOf((name) => `\${env:${name}}`) }, inputs: [], notes: [declared, "Cursor does not enforce them; its MCP configuration has no place for them."] };
    case "vscode": {
      const { sandbox, note } = vsCodeSandbox(launch.permissions);
      return {
        section: "servers",
        entry: { type: "stdio", ...command, ...envOf((name) => `\${input:${inputId(name)}}`), ...(sandbox ? { sandboxEnabled: true, sandbox } : {}) },
        inputs: launch.env.map((variable) => ({ type: "promptString", id: inputId(variable.name), description: variable.description ?? variable.name, password: variable.isSecret })),
        notes: [declared, note],
      };
    }
  }
}

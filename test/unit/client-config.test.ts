import { describe, expect, it } from "vitest";
import { clientEntry, serverLaunchOf } from "@/lib/client/client-config";

const server = (pkg: Record<string, unknown>) => ({ name: "io.github.alice/weather", description: "Weather", version: "2.1.0", packages: [{ registryType: "npm", identifier: "@alice/weather-mcp", transport: { type: "stdio" }, ...pkg }] });
const launch = (permissions: Parameters<typeof serverLaunchOf>[1] = null) =>
  serverLaunchOf(server({ version: "2.1.0", environmentVariables: [{ name: "WEATHER_TOKEN", isSecret: true, description: "API token" }, { name: "UNITS" }] }), permissions)!;

describe("client configuration entries", () => {
  it("pin the exact reviewed version, and refer to variables in each client's own placeholder syntax", () => {
    expect(clientEntry("claude", launch())).toMatchObject({ section: "mcpServers", entry: { command: "npx", args: ["-y", "@alice/weather-mcp@2.1.0"], env: { WEATHER_TOKEN: "${WEATHER_TOKEN}", UNITS: "${UNITS}" } }, inputs: [] });
    expect(clientEntry("cursor", launch()).entry).toEqual({ command: "npx", args: ["-y", "@alice/weather-mcp@2.1.0"], env: { WEATHER_TOKEN: "${env:WEATHER_TOKEN}", UNITS: "${env:UNITS}" } });
    const vscode = clientEntry("vscode", launch());
    expect(vscode.entry).toMatchObject({ type: "stdio", command: "npx", args: ["-y", "@alice/weather-mcp@2.1.0"], env: { WEATHER_TOKEN: "${input:weather-weather-token}", UNITS: "${input:weather-units}" } });
    expect(vscode.inputs).toEqual([
      { type: "promptString", id: "weather-weather-token", description: "API token", password: true },
      { type: "promptString", id: "weather-units", description: "UNITS", password: false },
    ]);
  });

  it("give VS Code a sandbox from the declared permissions when they can be expressed, and none when they cannot", () => {
    const sandboxed = clientEntry("vscode", launch({ network: { outbound: { allow_host: ["api.weather.gov"] } }, write: ["~/.cache/weather"] }));
    expect(sandboxed.entry).toMatchObject({ sandboxEnabled: true, sandbox: { filesystem: { allowWrite: ["${userHome}/.cache/weather"] }, network: { allowedDomains: ["api.weather.gov"] } } });
    const open = clientEntry("vscode", launch({ network: { outbound: { allow_host: ["user-provided"] } } }));
    expect(open.entry).not.toHaveProperty("sandboxEnabled");
    expect(open.notes.join(" ")).toMatch(/sandbox is left off/);
    expect(clientEntry("claude", launch({ exec: ["git"] })).notes[0]).toBe("Declared permissions: exec: git.");
  });

  it("has no local configuration for a remote-only server", () => {
    const { packages: _packages, ...remoteOnly } = server({ version: "2.1.0" });
    expect(serverLaunchOf({ ...remoteOnly, remotes: [{ type: "streamable-http", url: "https://weather.example.com/mcp" }] })).toBeUndefined();
  });
});

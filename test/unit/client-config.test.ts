import { describe, expect, it } from "vitest";
import { clientConfigFor } from "@/lib/registry/client-config";

const server = (pkg: Record<string, unknown>) => ({ name: "io.github.alice/weather", description: "Weather", version: "2.1.0", packages: [{ registryType: "npm", identifier: "@alice/weather-mcp", transport: { type: "stdio" }, ...pkg }] });

describe("clientConfigFor", () => {
  it("pins the exact reviewed version and puts placeholders where secrets go", () => {
    const config = clientConfigFor(server({ version: "2.1.0", environmentVariables: [{ name: "WEATHER_TOKEN", isSecret: true, description: "API token" }, { name: "UNITS" }] }));
    expect(config).toEqual({ mcpServers: { weather: { command: "npx", args: ["-y", "@alice/weather-mcp@2.1.0"], env: { WEATHER_TOKEN: "<secret: API token>", UNITS: "<UNITS>" } } } });
  });

  it("has no local configuration for a remote-only server", () => {
    const { packages: _packages, ...remoteOnly } = server({ version: "2.1.0" });
    expect(clientConfigFor({ ...remoteOnly, remotes: [{ type: "streamable-http", url: "https://weather.example.com/mcp" }] })).toBeUndefined();
  });
});

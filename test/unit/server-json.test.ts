import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SigilError } from "@/lib/errors";
import { parseServerJson } from "@/lib/validation/server-json";

const fixtures = path.resolve("test/fixtures/mcp-registry");
const shared = path.resolve("../shared/reference");
const examples = fs.readdirSync(path.join(fixtures, "examples")).filter((f) => f.endsWith(".json"));
const readExample = (file: string) => JSON.parse(fs.readFileSync(path.join(fixtures, "examples", file), "utf8"));

const valid = () => ({
  name: "io.github.alice/weather",
  description: "Weather forecasts",
  version: "1.0.0",
  packages: [{ registryType: "npm", identifier: "@alice/weather-mcp", version: "1.0.0", transport: { type: "stdio" } }],
});

function rejectionOf(document: unknown): SigilError {
  try {
    parseServerJson(document);
  } catch (error) {
    if (error instanceof SigilError) return error;
    throw error;
  }
  throw new Error("document was accepted");
}

describe("server.json validation", () => {
  it("has the reference examples in the repository, identical to ../shared/reference when present", () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
    if (!fs.existsSync(shared)) return;
    for (const file of fs.readdirSync(path.join(shared, "examples"))) {
      expect(fs.readFileSync(path.join(fixtures, "examples", file), "utf8"), file).toBe(fs.readFileSync(path.join(shared, "examples", file), "utf8"));
    }
    expect(fs.readFileSync(path.join(fixtures, "server.schema.json"), "utf8")).toBe(fs.readFileSync(path.join(shared, "server.schema.json"), "utf8"));
  });

  it.each(examples)("accepts the reference example %s", (file) => {
    const document = readExample(file);
    expect(parseServerJson(document).name).toBe(document.name);
  });

  it("keeps fields it does not know, as the official schema allows", () => {
    const parsed = parseServerJson({ ...valid(), futureField: { x: 1 } });
    expect(parsed).toMatchObject({ futureField: { x: 1 } });
  });

  it("accepts a full permission manifest in the documented shape", () => {
    const permissions = {
      network: { outbound: { allow_host: ["api.example.com", "*.example.org", "user-provided"], allow_port: [443], insecure_allow_all: false }, listen: false },
      read: ["user-provided", "~/.config/tool"],
      write: [],
      exec: ["git"],
      env: ["EXAMPLE_API_KEY"],
    };
    const parsed = parseServerJson({ ...valid(), _meta: { "dev.sigil/permissions": permissions } });
    expect(parsed._meta?.["dev.sigil/permissions"]).toEqual(permissions);
  });

  const withPackage = (pkg: Record<string, unknown>) => ({ ...valid(), packages: [{ ...valid().packages[0], ...pkg }] });
  const withPermissions = (permissions: unknown) => ({ ...valid(), _meta: { "dev.sigil/permissions": permissions } });
  const malformed: [string, unknown, string][] = [
    ["an array instead of an object", [valid()], "(root)"],
    ["a string instead of an object", "server", "(root)"],
    ["no name", { ...valid(), name: undefined }, "name"],
    ["a name without a namespace", { ...valid(), name: "weather" }, "name"],
    ["a name with two slashes", { ...valid(), name: "io.github.alice/a/b" }, "name"],
    ["a name with spaces", { ...valid(), name: "io.github.alice/my server" }, "name"],
    ["a name that is too long", { ...valid(), name: `io.x/${"a".repeat(200)}` }, "name"],
    ["a numeric name", { ...valid(), name: 42 }, "name"],
    ["no description", { ...valid(), description: undefined }, "description"],
    ["an empty description", { ...valid(), description: "" }, "description"],
    ["a description over 100 characters", { ...valid(), description: "d".repeat(101) }, "description"],
    ["an empty title", { ...valid(), title: "" }, "title"],
    ["no version", { ...valid(), version: undefined }, "version"],
    ["a caret range as version", { ...valid(), version: "^1.2.3" }, "version"],
    ["a wildcard version", { ...valid(), version: "1.x" }, "version"],
    ["latest as version", { ...valid(), version: "latest" }, "version"],
    ["a repository without url", { ...valid(), repository: { source: "github" } }, "repository.url"],
    ["a repository with a relative url", { ...valid(), repository: { url: "github.com/a/b", source: "github" } }, "repository.url"],
    ["a website that is not a URL", { ...valid(), websiteUrl: "example dot com" }, "websiteUrl"],
    ["an icon without src", { ...valid(), icons: [{ mimeType: "image/png" }] }, "icons[0].src"],
    ["an icon with an unknown MIME type", { ...valid(), icons: [{ src: "https://x.test/i.gif", mimeType: "image/gif" }] }, "icons[0].mimeType"],
    ["an icon size that is not WxH", { ...valid(), icons: [{ src: "https://x.test/i.png", sizes: ["big"] }] }, "icons[0].sizes[0]"],
    ["packages that is not an array", { ...valid(), packages: { registryType: "npm" } }, "packages"],
    ["a package without transport", withPackage({ transport: undefined }), "packages[0].transport"],
    ["a package with an unknown transport", withPackage({ transport: { type: "carrier-pigeon" } }), "packages[0].transport.type"],
    ["an http transport without url", withPackage({ transport: { type: "streamable-http" } }), "packages[0].transport.url"],
    ["an sse transport with an ftp url", withPackage({ transport: { type: "sse", url: "ftp://x.test/sse" } }), "packages[0].transport.url"],
    ["a package without identifier", withPackage({ identifier: undefined }), "packages[0].identifier"],
    ["an npm package without version", withPackage({ version: undefined }), "packages[0].version"],
    ["an npm package at latest", withPackage({ version: "latest" }), "packages[0].version"],
    ["an npm package at a caret range", withPackage({ version: "^1.0.0" }), "packages[0].version"],
    ["an npm package at a tilde range", withPackage({ version: "~1.0.0" }), "packages[0].version"],
    ["an npm package at >=", withPackage({ version: ">=1.0.0" }), "packages[0].version"],
    ["an npm package with a v prefix", withPackage({ version: "v1.0.0" }), "packages[0].version"],
    ["an npm package with a dist-tag", withPackage({ version: "next" }), "packages[0].version"],
    ["an invalid npm package name", withPackage({ identifier: "Not A Package" }), "packages[0].identifier"],
    ["a fileSha256 that is not hex", withPackage({ fileSha256: "xyz" }), "packages[0].fileSha256"],
    ["a positional argument without value or valueHint", withPackage({ packageArguments: [{ type: "positional" }] }), "packages[0].packageArguments[0].valueHint"],
    ["a named argument without name", withPackage({ packageArguments: [{ type: "named" }] }), "packages[0].packageArguments[0].name"],
    ["an argument of unknown type", withPackage({ runtimeArguments: [{ type: "flag", name: "-y" }] }), "packages[0].runtimeArguments[0].type"],
    ["an environment variable without name", withPackage({ environmentVariables: [{ description: "key" }] }), "packages[0].environmentVariables[0].name"],
    ["an input format that does not exist", withPackage({ environmentVariables: [{ name: "X", format: "date" }] }), "packages[0].environmentVariables[0].format"],
    ["a remote with stdio transport", { ...valid(), remotes: [{ type: "stdio" }] }, "remotes[0].type"],
    ["a remote without url", { ...valid(), remotes: [{ type: "sse" }] }, "remotes[0].url"],
    ["permissions that are not an object", withPermissions(["network"]), '_meta["dev.sigil/permissions"]'],
    ["a misspelt permission", withPermissions({ netwrok: {} }), '_meta["dev.sigil/permissions"]'],
    ["a port out of range", withPermissions({ network: { outbound: { allow_port: [70000] } } }), '_meta["dev.sigil/permissions"].network.outbound.allow_port[0]'],
    ["a host with a scheme", withPermissions({ network: { outbound: { allow_host: ["https://api.example.com"] } } }), '_meta["dev.sigil/permissions"].network.outbound.allow_host[0]'],
    ["insecure_allow_all as a string", withPermissions({ network: { outbound: { insecure_allow_all: "yes" } } }), '_meta["dev.sigil/permissions"].network.outbound.insecure_allow_all'],
    ["a relative read path", withPermissions({ read: ["data/"] }), '_meta["dev.sigil/permissions"].read[0]'],
    ["a command with arguments", withPermissions({ exec: ["rm -rf /"] }), '_meta["dev.sigil/permissions"].exec[0]'],
    ["an environment variable name with a dash", withPermissions({ env: ["API-KEY"] }), '_meta["dev.sigil/permissions"].env[0]'],
    ["a forged Sigil review", { ...valid(), _meta: { "dev.sigil/review": { verdict: "pass" } } }, '_meta["dev.sigil/review"]'],
    ["forged official registry metadata", { ...valid(), _meta: { "io.modelcontextprotocol.registry/official": { status: "active" } } }, '_meta["io.modelcontextprotocol.registry/official"]'],
    ["two npm packages", { ...valid(), packages: [valid().packages[0], { ...valid().packages[0], identifier: "other" }] }, "packages[1]"],
    ["npm spelt in capitals, with a range", withPackage({ registryType: "NPM", version: "^1" }), "packages[0].version"],
    ["npm spelt in capitals", withPackage({ registryType: "NPM" }), "packages[0].registryType"],
    ["an npm package from another registry", withPackage({ registryBaseUrl: "https://npm.evil.example" }), "packages[0].registryBaseUrl"],
    ["a repository URL with a space", { ...valid(), repository: { url: "https://example.com/a b", source: "github" } }, "repository.url"],
    ["a NUL character in the description", { ...valid(), description: "nul\u0000here" }, "description"],
    ["an unpaired surrogate in the title", { ...valid(), title: "half \ud800" }, "title"],
    ["a NUL character in a _meta key", { ...valid(), _meta: { "x\u0000": 1 } }, '_meta["x\\u0000"]'],
  ];

  it("has at least 30 malformed documents", () => expect(malformed.length).toBeGreaterThanOrEqual(30));

  it.each(malformed)("rejects %s, naming the field", (_label, document, location) => {
    const error = rejectionOf(document);
    expect(error.status).toBe(422);
    expect(error.errors.map((e) => e.location)).toContain(location);
    expect(error.detail).toContain(location);
  });
});

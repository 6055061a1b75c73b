import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ClientEntry, McpClient } from "@/lib/client/client-config";
import { ClientError } from "@/lib/client/client-error";

/** Where each client reads a project's MCP servers, relative to the project folder. */
export const DEFAULT_CONFIG_FILES: Record<McpClient, string> = {
  claude: ".mcp.json",
  vscode: path.join(".vscode", "mcp.json"),
  cursor: path.join(".cursor", "mcp.json"),
};

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** Refuses a file, or a folder it is in, that is a symbolic link: a cloned project could point one at a file of the user's. */
function refuseLinks(file: string): void {
  for (const target of [file, path.dirname(path.resolve(file))]) {
    if (fs.lstatSync(target, { throwIfNoEntry: false })?.isSymbolicLink()) {
      throw new ClientError("CONFIG", `${target} is a symbolic link; Sigil writes client configuration only to a regular file in a real folder.`);
    }
  }
}

function readConfigFile(file: string): JsonObject {
  if (!fs.existsSync(file)) return {};
  const text = fs.readFileSync(file, "utf8");
  if (!text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // Comments or trailing commas (VS Code allows them): rewriting the file would lose them.
    throw new ClientError("CONFIG", `${file} is not plain JSON (${(error as Error).message}); it was left as it is. Add the entry by hand, or remove its comments first.`);
  }
  if (!isObject(parsed)) throw new ClientError("CONFIG", `${file} does not hold a JSON object; it was left as it is.`);
  return parsed;
}

/** Whether an existing entry runs the same npm package (any version): then it is this server, and may be updated. */
const runsPackage = (entry: unknown, packageName: string) => isObject(entry) && Array.isArray(entry.args) && entry.args.some((arg) => typeof arg === "string" && arg.startsWith(`${packageName}@`));

/**
 * Adds the server's entry to a client's configuration file, keeping everything else in it:
 * other servers, other settings, VS Code inputs. An entry of the same name is replaced only
 * when it runs the same package (an upgrade); a different server of that name is an error. The
 * file is written whole to a fresh temporary file and renamed over the old one, keeping its
 * mode; a file or folder that is a symbolic link is refused.
 */
export function installEntry(file: string, key: string, packageName: string, entry: ClientEntry): { replaced: boolean } {
  refuseLinks(file);
  const config = readConfigFile(file);
  const section = config[entry.section] ?? {};
  if (!isObject(section)) throw new ClientError("CONFIG", `${file}: "${entry.section}" is not an object; it was left as it is.`);
  const existing = section[key];
  if (existing !== undefined && !runsPackage(existing, packageName)) {
    throw new ClientError("CONFIG", `${file} already has a server named "${key}" that runs something else; choose another name with --name.`);
  }
  const updated: JsonObject = { ...config, [entry.section]: { ...section, [key]: entry.entry } };
  if (entry.inputs.length) {
    const inputs = Array.isArray(config.inputs) ? config.inputs : [];
    const ids = new Set(entry.inputs.map((input) => input.id));
    updated.inputs = [...inputs.filter((input) => !(isObject(input) && ids.has(String(input.id)))), ...entry.inputs];
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const mode = fs.existsSync(file) ? fs.statSync(file).mode & 0o777 : 0o644;
  // A name nobody can guess, created afresh: never written through something planted there.
  const temporary = `${file}.sigil-${crypto.randomBytes(8).toString("hex")}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(updated, null, 2)}\n`, { mode, flag: "wx" });
  fs.renameSync(temporary, file);
  return { replaced: existing !== undefined };
}

import { parseArgs } from "node:util";
import { clientEntry, MCP_CLIENTS, type McpClient, serverLaunchOf } from "@/lib/client/client-config";
import { ClientError } from "@/lib/client/client-error";
import { DEFAULT_CONFIG_FILES, installEntry } from "@/lib/client/install-server";
import { RegistryClient } from "@/lib/client/registry-client";
import { type RemoteVerification, verifyRemoteVersion } from "@/lib/client/verify-remote-version";
import { reasonOf } from "@/lib/verify/verification-failure";

const USAGE = `Usage: sigil verify <name>[@<version>] [--registry URL] [--trust-root DIR] [--json]
       sigil install <name>[@<version>] --client claude|vscode|cursor [--config FILE] [--name KEY] [--registry URL] [--trust-root DIR]

  <name>[@<version>]  a server name, such as io.github.alice/weather@1.2.0 (no version: the latest)
  --registry URL      the Sigil registry (default: $SIGIL_REGISTRY)
  --trust-root DIR    verify against the keys.json, trusted_root.json and identities.json in DIR, as they
                      are; by default the registry's are pinned on first use and must not change later
  --json              print the verification as JSON
  --client NAME       the MCP client whose configuration to write: claude (.mcp.json), vscode
                      (.vscode/mcp.json) or cursor (.cursor/mcp.json), in the current folder
  --config FILE       write that file instead (for example Claude Desktop's claude_desktop_config.json)
  --name KEY          the entry's name in the file (default: the server name's last part)

verify downloads the tarball, checks its digests, verifies the signed publication offline
against the pinned trust, and checks a current signed revocation list. install does the same,
then writes the client's entry for that exact version, environment variables as placeholders.
Exit code: 0 verified (and installed), 1 not verified, 2 could not be carried out.`;

const write = (text: string) => process.stdout.write(`${text}\n`);

function describe(result: RemoteVerification, spec: string) {
  const { verdict, server, packageName, packageVersion, integrity } = result;
  const lines = [`${verdict.verified ? "✔" : "✘"} ${server.name}@${server.version} ${verdict.verified ? "verified" : "NOT verified"}`];
  lines.push(`  package  ${packageName}@${packageVersion}`, `  tarball  ${integrity}`);
  if (verdict.statement) {
    const signer = verdict.signer?.kind === "registry-key" ? `registry key ${verdict.signer.keyId}` : verdict.signer ? `${verdict.signer.subjectAlternativeName} (keyless)` : "?";
    const { scanReport, approvals } = verdict.statement.predicate;
    lines.push(`  signed   ${verdict.signedAt ?? "?"} by ${signer}`, `  review   scan ${scanReport.verdict.toLowerCase()} (${scanReport.scanner}), approved by ${approvals.map((a) => a.name).join(" and ")}`);
  }
  lines.push(`  trust    ${result.pinnedNow ? "pinned now, on first use, in" : "as pinned in"} ${result.trustDir}`);
  for (const reason of verdict.reasons) lines.push(`  - ${reason.code}: ${reason.message}`);
  if (!verdict.verified && spec) lines.push(`Do not install ${spec}.`);
  return lines.join("\n");
}

/** `sigil verify` and `sigil install`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { registry: { type: "string" }, "trust-root": { type: "string" }, json: { type: "boolean" }, client: { type: "string" }, config: { type: "string" }, name: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    process.stderr.write(`sigil: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const [command, spec, ...extra] = parsed.positionals;
  const { values } = parsed;
  if (values.help || !spec || extra.length || (command !== "verify" && command !== "install")) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  try {
    const registryUrl = values.registry ?? process.env.SIGIL_REGISTRY;
    if (!registryUrl) throw new ClientError("USAGE", "Name the registry with --registry URL (or SIGIL_REGISTRY).");
    const client = values.client as McpClient | undefined;
    if (command === "install" && (!client || !MCP_CLIENTS.includes(client))) throw new ClientError("USAGE", `--client must be one of ${MCP_CLIENTS.join(", ")}.`);
    const result = await verifyRemoteVersion(new RegistryClient(registryUrl), spec, values["trust-root"]);
    if (command === "verify" && values.json) {
      const { verdict } = result;
      write(JSON.stringify({ verified: verdict.verified, reasons: verdict.reasons, name: result.server.name, version: result.server.version, package: `${result.packageName}@${result.packageVersion}`, integrity: result.integrity, signer: verdict.signer, signedAt: verdict.signedAt }, null, 2));
    } else {
      write(describe(result, command === "install" ? spec : ""));
    }
    if (!result.verdict.verified) return 1;
    if (command === "verify") return 0;

    const launch = serverLaunchOf(result.server, (result.verdict.statement?.predicate.permissions ?? null) as Parameters<typeof serverLaunchOf>[1]);
    if (!launch) throw new ClientError("NOT_FOUND", `${spec} has no npm package to run.`);
    const entry = clientEntry(client!, launch);
    const file = values.config ?? DEFAULT_CONFIG_FILES[client!];
    const key = values.name ?? launch.key;
    const { replaced } = installEntry(file, key, launch.packageName, entry);
    write(`${replaced ? "Updated" : "Added"} "${key}" in ${file}: npx -y ${launch.packageName}@${launch.packageVersion}`);
    for (const variable of launch.env) write(`  set ${variable.name}${variable.isSecret ? " (secret)" : ""}: ${variable.description ?? ""}`.trimEnd());
    for (const note of entry.notes) write(`  ${note}`);
    return 0;
  } catch (error) {
    const reason = error instanceof ClientError ? { code: error.code, message: error.message } : reasonOf(error, "UNAVAILABLE");
    process.stderr.write(`sigil: ${reason.message}\n`);
    return error instanceof ClientError ? error.exitCode : 2;
  }
}

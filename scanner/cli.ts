import fs from "node:fs";
import { parseArgs } from "node:util";
import { formatSummary } from "@/scanner/report/format-summary";
import { toSarif } from "@/scanner/report/to-sarif";
import { ScanError } from "@/scanner/scan-error";
import { scanTarget } from "@/scanner/scan-target";

const USAGE = `Usage: sigil scan <target> [--server-json FILE] [--baseline <target>] [--json | --sarif]

  <target>            an npm package at an exact version (name@1.2.3), a .tgz file, or a package folder
  --server-json FILE  the server.json it is submitted with: its permissions are compared with the code
  --baseline TARGET   an earlier version to compare with: new capabilities, dependencies and tools
  --json              print the JSON report instead of the summary
  --sarif             print SARIF 2.1.0, for code-scanning tools

Exit code: 0 when the verdict is pass or warn, 1 when it is fail, 2 when the scan could not be completed.
Environment: SIGIL_AUDIT_REGISTRY (advisories; default: the npm registry), SIGIL_NPM_REGISTRY (packages).`;

/** `sigil scan`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { "server-json": { type: "string" }, baseline: { type: "string" }, json: { type: "boolean" }, sarif: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    process.stderr.write(`sigil: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const [command, target, ...extra] = parsed.positionals;
  if (parsed.values.json && parsed.values.sarif) {
    process.stderr.write(`sigil: choose --json or --sarif, not both\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help || command !== "scan" || !target || extra.length) {
    process.stderr.write(`${USAGE}\n`);
    return parsed.values.help ? 0 : 2;
  }
  try {
    let serverJson: unknown;
    if (parsed.values["server-json"]) {
      const file = parsed.values["server-json"];
      if (!fs.existsSync(file)) throw new ScanError("bad-target", `${file} does not exist.`);
      try {
        serverJson = JSON.parse(fs.readFileSync(file, "utf8"));
      } catch (error) {
        throw new ScanError("bad-target", `${file} is not valid JSON: ${(error as Error).message}`);
      }
    }
    const report = await scanTarget(target, {
      serverJson,
      baseline: parsed.values.baseline,
      registry: process.env.SIGIL_NPM_REGISTRY,
      auditRegistry: process.env.SIGIL_AUDIT_REGISTRY,
      onProgress: (stage, detail) => process.stderr.write(`sigil: ${stage} ${detail}\n`),
    });
    const output = parsed.values.json ? JSON.stringify(report, null, 2) : parsed.values.sarif ? JSON.stringify(toSarif(report), null, 2) : undefined;
    process.stdout.write(output === undefined ? formatSummary(report) : `${output}\n`);
    return report.verdict === "fail" ? 1 : 0;
  } catch (error) {
    // A known failure is its message; an unexpected one too, with the stack only when asked for.
    const detail = error instanceof Error ? (process.env.SIGIL_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
    const reason = error instanceof ScanError ? error.message : `unexpected error: ${detail} (set SIGIL_DEBUG=1 for details)`;
    process.stderr.write(`sigil: the scan could not be completed: ${reason}\n`);
    return 2;
  }
}

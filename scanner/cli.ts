import fs from "node:fs";
import { parseArgs } from "node:util";
import { readBaselineReport } from "@/scanner/baseline/read-baseline-report";
import { formatSummary } from "@/scanner/report/format-summary";
import { toSarif } from "@/scanner/report/to-sarif";
import { ScanError } from "@/scanner/scan-error";
import { scanInTimeLimit } from "@/scanner/scan-in-time-limit";
import { scanTarget } from "@/scanner/scan-target";
import { tuneForScanning } from "@/scanner/scanner-process";

const USAGE = `Usage: sigil scan <target> [--server-json FILE] [--baseline <target> | --baseline-report FILE] [--skip-dependency-code] [--time-limit SECONDS] [--json | --sarif]

  <target>               an npm package at an exact version (name@1.2.3), a .tgz file, or a package folder
  --server-json FILE     the server.json it is submitted with: its permissions are compared with the code
  --baseline TARGET      an earlier version to compare with: new capabilities, dependencies and tools
  --baseline-report FILE the --json report of an earlier version, instead of scanning it again
  --json                 print the JSON report instead of the summary
  --sarif                print SARIF 2.1.0, for code-scanning tools
  --skip-dependency-code do not fetch and analyse the code of the package's dependencies
  --time-limit SECONDS   stop the scan (exit code 2) when it has run this long; a file built to keep
                         the analysis busy would otherwise keep it busy
  --worker-mode          for the registry's workers: progress as JSON lines on stderr, and the scan
                         stops when standard input closes (the worker that started it is gone)

Exit code: 0 when the verdict is pass or warn, 1 when it is fail, 2 when the scan could not be completed.
Environment: SIGIL_AUDIT_REGISTRY (advisories; default: the npm registry), SIGIL_NPM_REGISTRY (packages),
SIGIL_AUDIT_NODE_VERSION (the Node.js version dependencies are resolved for; default: this process's).`;

/** The arguments without `--time-limit N` (or `--time-limit=N`), for the scan that runs within it. */
function withoutTimeLimit(args: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--time-limit") i++;
    else if (!args[i]!.startsWith("--time-limit=")) kept.push(args[i]!);
  }
  return kept;
}

/** `sigil scan`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { "server-json": { type: "string" }, baseline: { type: "string" }, "baseline-report": { type: "string" }, "worker-mode": { type: "boolean" }, "skip-dependency-code": { type: "boolean" }, "time-limit": { type: "string" }, json: { type: "boolean" }, sarif: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    process.stderr.write(`sigil: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const [command, target, ...extra] = parsed.positionals;
  for (const [a, b] of [["json", "sarif"], ["baseline", "baseline-report"]] as const) {
    if (parsed.values[a] && parsed.values[b]) {
      process.stderr.write(`sigil: choose --${a} or --${b}, not both\n\n${USAGE}\n`);
      return 2;
    }
  }
  const workerMode = parsed.values["worker-mode"];
  // Unreferenced: watching stdin must not keep the process alive once the scan is done.
  if (workerMode) (process.stdin.on("end", () => process.exit(2)).resume() as { unref?: () => void }).unref?.();
  if (parsed.values.help || command !== "scan" || !target || extra.length) {
    process.stderr.write(`${USAGE}\n`);
    return parsed.values.help ? 0 : 2;
  }
  tuneForScanning();
  const timeLimit = parsed.values["time-limit"];
  if (timeLimit !== undefined) {
    const seconds = Number(timeLimit);
    if (!(seconds > 0) || !Number.isFinite(seconds)) {
      process.stderr.write(`sigil: --time-limit takes a number of seconds greater than 0, not "${timeLimit}"\n\n${USAGE}\n`);
      return 2;
    }
    return scanInTimeLimit(withoutTimeLimit(argv.slice(1)), seconds);
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
      baselineReport: parsed.values["baseline-report"] ? readBaselineReport(parsed.values["baseline-report"]) : undefined,
      dependencyCode: !parsed.values["skip-dependency-code"],
      registry: process.env.SIGIL_NPM_REGISTRY,
      auditRegistry: process.env.SIGIL_AUDIT_REGISTRY,
      nodeVersion: process.env.SIGIL_AUDIT_NODE_VERSION,
      onProgress: (stage, detail) => process.stderr.write(workerMode ? `${JSON.stringify({ stage, detail })}\n` : `sigil: ${stage} ${detail}\n`),
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

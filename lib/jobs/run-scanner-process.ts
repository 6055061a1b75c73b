import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ScanProgress } from "@/lib/scans/renew-scan-lease";
import { SCANNER_HEAP_MB, SCANNER_NODE_FLAGS } from "@/scanner/scanner-memory";
import { killScanGroup, SIGIL_BIN } from "@/scanner/scanner-process";

const COULD_NOT_COMPLETE = "sigil: the scan could not be completed: ";
// Reports of the largest real servers are a few MB; beyond this the output is not a report.
const MAX_OUTPUT_CHARS = 64 * 1024 * 1024;
const MAX_PROGRESS_LINE = 64 * 1024;

export interface ScannerRun {
  packageSpec: string;
  serverJson: unknown;
  baselineReport: unknown;
  timeoutMs: number;
  /** Stops the scan (the worker is shutting down, or lost its lease). */
  signal: AbortSignal;
  onProgress: (progress: ScanProgress) => void;
}

function parseProgress(line: string): ScanProgress {
  try {
    const { stage, detail } = JSON.parse(line) as Partial<ScanProgress>;
    return { stage: String(stage), detail: String(detail) };
  } catch {
    return { stage: "scanning", detail: line.slice(0, 200) };
  }
}

/** A scan that ended without a report, with the reason users are shown. */
export class ScanAttemptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScanAttemptError";
    // The reason is the whole story; a stack into the child-process plumbing is log noise.
    this.stack = `${this.name}: ${message}`;
  }
}

/**
 * Runs `sigil scan --json` on one package in a child process, so that a scan's memory, a
 * parser stuck on a hostile file or a time limit can be ended by killing it, without taking
 * the worker down. Resolves with the parsed JSON report.
 */
// The scanner handles untrusted packages: it gets no credentials it does not need.
const SECRETS = /^(DATABASE_URL|NEXTAUTH_SECRET|SIGIL_AUTH_SECRET|SIGIL_GITHUB_CLIENT_SECRET|SIGIL_SIGNING_KEY_PEM|SIGIL_SIGNING_KEY_FILE|SIGIL_TEST_POSTGRES_URL|PG[A-Z]+)$/;

function scannerEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (SECRETS.test(name)) delete env[name];
  return env;
}

export async function runScannerProcess(run: ScannerRun): Promise<unknown> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-job-"));
  try {
    const serverJsonFile = path.join(scratch, "server.json");
    fs.writeFileSync(serverJsonFile, JSON.stringify(run.serverJson));
    const args = [...SCANNER_NODE_FLAGS, SIGIL_BIN, "scan", run.packageSpec, "--json", "--worker-mode", "--server-json", serverJsonFile];
    if (run.baselineReport) {
      const baselineFile = path.join(scratch, "baseline.json");
      fs.writeFileSync(baselineFile, JSON.stringify(run.baselineReport));
      args.push("--baseline-report", baselineFile);
    }
    return await new Promise((resolve, reject) => {
      // Its own process group, so that a kill also reaches anything it started (git, for a git dependency).
      const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"], detached: true, env: scannerEnvironment() });
      let stdout = "";
      let failure: string | undefined;
      let ended: string | undefined;
      const stop = (reason: string) => {
        ended ??= reason;
        killScanGroup(child);
      };
      const timer = setTimeout(() => stop(`The scan took longer than its time limit of ${Math.round(run.timeoutMs / 1000)} s.`), run.timeoutMs);
      const onAbort = () => stop(String(run.signal.reason ?? "The scan was stopped."));
      run.signal.addEventListener("abort", onAbort, { once: true });
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        if (stdout.length > MAX_OUTPUT_CHARS) stop(`The scanner's report is larger than ${MAX_OUTPUT_CHARS / 1024 / 1024} MB.`);
      });
      let pending = "";
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        const lines = (pending + chunk).split("\n");
        pending = lines.pop()!.slice(-MAX_PROGRESS_LINE);
        for (const line of lines) {
          if (line.startsWith(COULD_NOT_COMPLETE)) failure = line.slice(COULD_NOT_COMPLETE.length);
          else if (line.includes("JavaScript heap out of memory")) failure = `The scan needed more than the ${SCANNER_HEAP_MB} MB of memory a scan may use, and was stopped.`;
          else if (line.startsWith("{")) run.onProgress(parseProgress(line));
        }
      });
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once("close", (code, signal) => {
        clearTimeout(timer);
        run.signal.removeEventListener("abort", onAbort);
        if (ended) return reject(new ScanAttemptError(ended));
        if (code === 0 || code === 1) {
          try {
            return resolve(JSON.parse(stdout));
          } catch {
            return reject(new ScanAttemptError("The scanner's output was not a JSON report."));
          }
        }
        reject(new ScanAttemptError(failure ?? `The scanner process ended unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}).`));
      });
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

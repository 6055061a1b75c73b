import { spawn } from "node:child_process";
import { killScanGroup, SIGIL_BIN } from "@/scanner/scanner-process";

/**
 * Runs `sigil scan` with these arguments in a process of its own and stops it, with whatever it
 * started, once it has run for `seconds`: the analysis of a file is synchronous, so nothing inside
 * the scanning process could interrupt a file built to keep it busy. The scan's output and exit
 * code pass through; a scan stopped so exits 2, as one that could not be completed.
 */
export function scanInTimeLimit(args: string[], seconds: number): Promise<number> {
  return new Promise((resolve) => {
    // Its own process group, so that a kill also reaches anything it started (git, for a git dependency).
    const child = spawn(process.execPath, [...process.execArgv, SIGIL_BIN, "scan", ...args], { stdio: "inherit", detached: true });
    let stopped: string | undefined;
    const stop = (reason: string) => {
      stopped ??= reason;
      killScanGroup(child);
    };
    const timer = setTimeout(() => stop(`it took longer than its time limit of ${seconds} s`), seconds * 1000);
    // Out of the terminal's process group, the scan would not get the user's Ctrl-C itself.
    const interrupted = () => stop("it was interrupted");
    process.once("SIGINT", interrupted).once("SIGTERM", interrupted);
    let finished = false;
    const finish = (code: number) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      process.off("SIGINT", interrupted).off("SIGTERM", interrupted);
      if (stopped) process.stderr.write(`sigil: the scan could not be completed: ${stopped}\n`);
      resolve(stopped ? 2 : code);
    };
    child.once("error", (error) => {
      stopped ??= `the scanner could not be started (${error.message})`;
      finish(2);
    });
    child.once("exit", (code) => finish(code ?? 2));
  });
}

import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** `sigil`'s entry point, which the registry's workers and `sigil scan --time-limit` start scans with, each in a process of its own. */
export const SIGIL_BIN = fileURLToPath(new URL("../bin/sigil.js", import.meta.url));

/**
 * Kills a scan started in a process group of its own (`detached`), with everything it started
 * (git, for a git dependency). A scan already gone is left alone.
 */
export function killScanGroup(child: ChildProcess): void {
  try {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

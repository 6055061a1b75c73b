import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";

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

/**
 * Sets V8 up for a scan, before the analysis's code runs hot. A scan is a process of a few seconds
 * whose hot code is the AST's walks: compiling it with inlining costs more than it saves, and
 * without, the analysis of a package's own files took 15-25% less time (chrome-devtools-mcp,
 * desktop-commander, @sentry/mcp-server, @notionhq/notion-mcp-server; 2 cores) and that of its
 * dependencies' code 2-4% less (a bare parse gains as much: bench/scan-one.ts sets it for both).
 * Set at run time, a flag a later V8 no longer knows is reported on stderr and ignored, where on
 * Node's command line it would stop the process.
 */
export function tuneForScanning(): void {
  v8.setFlagsFromString("--no-turbo-inlining");
}

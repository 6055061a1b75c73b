import type { ScanFinding } from "@/scanner/rules/rule";

/**
 * Code the scanner cannot read: a binding.gyp, which makes npm run node-gyp (and the commands its
 * actions name) at install time even without an install script, and compiled .node or
 * WebAssembly modules.
 */
export function nativeCodeFindings(files: { path: string }[]): ScanFinding[] {
  const findings: ScanFinding[] = [];
  for (const { path } of files) {
    if (path === "binding.gyp") {
      findings.push({ rule: "binding-gyp", category: "install-script", severity: "high", file: path, line: 0, message: "npm runs node-gyp rebuild at install because of binding.gyp, and its actions can run any command", evidence: path });
    } else if (path.endsWith(".node") || path.endsWith(".wasm")) {
      findings.push({ rule: "not-analysed", category: "archive", severity: "medium", file: path, line: 0, message: `Compiled ${path.endsWith(".wasm") ? "WebAssembly" : "native"} code, which the scanner cannot analyse`, evidence: path });
    }
  }
  return findings;
}

import path from "node:path";
import { analyzeSource, type ReportedTool } from "@/scanner/analysis/analyze-source";
import { analyzeText, fileContent } from "@/scanner/analysis/analyze-text";
import { bracketDepth, isCodeFile, MAX_PARSE_NESTING } from "@/scanner/analysis/parse-source";
import type { PackageFiles } from "@/scanner/package-files";
import { CODE_RULES, TEXT_RULES } from "@/scanner/rules/index";
import type { Capability, ScanFinding } from "@/scanner/rules/rule";

// Larger files are listed but not parsed: a minified bundle is a few MB; tens of MB is data.
export const MAX_ANALYSED_CODE_BYTES = 10 * 1024 * 1024;
const MAX_ANALYSED_TEXT_BYTES = 5 * 1024 * 1024;

const isBinary = (bytes: Buffer) => bytes.subarray(0, 8000).includes(0);

/** Whether Node would run a file as code: by extension, as one of the package's entry points (whatever its name), or as a shebang script. */
export const runsAsCode = (file: string, entries: Set<string>, read: () => Buffer) =>
  isCodeFile(file) || entries.has(file) || (!path.basename(file).includes(".") && read().subarray(0, 2).toString() === "#!");

export interface PackageAnalysis {
  findings: ScanFinding[];
  capabilities: Capability[];
  tools: ReportedTool[];
  /** Files read by the rules. */
  analysed: number;
}

/**
 * Runs the text rules over every text file of an unpacked package and the code rules over
 * every file Node would run as code: by extension, the package's entry points (whatever their
 * names) and shebang scripts. A file that cannot be analysed is a finding, never a pass.
 */
export function analysePackageFiles(files: PackageFiles, entries: Set<string>): PackageAnalysis {
  const out: PackageAnalysis = { findings: [], capabilities: [], tools: [], analysed: 0 };
  const unanalysed = (file: string, message: string, severity: ScanFinding["severity"]) =>
    out.findings.push({ rule: "not-analysed", category: "archive", severity, file, line: 0, message, evidence: file });
  for (const file of files.list) {
    const code = runsAsCode(file.path, entries, () => files.read(file.path));
    if (file.size > (code ? MAX_ANALYSED_CODE_BYTES : MAX_ANALYSED_TEXT_BYTES)) {
      // Code nobody analysed may do anything: a size cap must not be a hiding place.
      unanalysed(file.path, `Not analysed: ${file.size} bytes is more than the scanner reads${code ? "; code that was not analysed may do anything" : ""}`, code ? "high" : "low");
      continue;
    }
    const bytes = files.read(file.path);
    // A NUL byte makes text look binary, but Node still runs a .js file that holds one.
    if (!code && isBinary(bytes)) continue;
    if (code && bytes.includes(0)) unanalysed(file.path, "A code file containing NUL bytes, a trick to make scanners treat it as binary; it was analysed anyway", "medium");
    const content = fileContent(bytes);
    out.findings.push(...analyzeText(file.path, content, TEXT_RULES));
    if (code) {
      if (bracketDepth(bytes) > MAX_PARSE_NESTING) {
        unanalysed(file.path, `Not analysed: nested more than ${MAX_PARSE_NESTING} levels deep, which crashes parsers; code that was not analysed may do anything`, "high");
        continue;
      }
      let result: ReturnType<typeof analyzeSource>;
      try {
        result = analyzeSource(file.path, content.text, CODE_RULES);
      } catch (error) {
        // A file that trips the analysis is not cleared by it: it stays unanalysed, and says so.
        unanalysed(file.path, `Not analysed: the analysis failed on this file (${(error as Error).message}); code that was not analysed may do anything`, "high");
        continue;
      }
      if (result.incomplete) unanalysed(file.path, `Partly analysed: ${result.incomplete}; code that was not analysed may do anything`, "medium");
      out.findings.push(...result.findings);
      out.capabilities.push(...result.capabilities);
      out.tools.push(...result.tools);
    }
    out.analysed++;
  }
  return out;
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { isCodeFile, parseSource } from "@/scanner/analysis/parse-source";
import { extractTarball } from "@/scanner/extract/extract-tarball";
import { type ScanStage, scanTarget } from "@/scanner/scan-target";
import { fetchNpmTarball } from "@/scanner/target/fetch-npm-tarball";

// One package, in its own process so that its peak RSS is its own. Prints one JSON line.
const spec = process.argv[2]!;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-bench-"));
try {
  let t = performance.now();
  const fetched = await fetchNpmTarball(spec);
  const fetchMs = performance.now() - t;
  const tgz = path.join(scratch, "package.tgz");
  fs.writeFileSync(tgz, fetched.bytes);

  // Both sides start warm: the parser's first call sets up its transfer buffer.
  parseSource("warm-up.js", "let x = 1;");

  // The scan first, so that the peak RSS read after it is the scan's own.
  const stageStarts = new Map<ScanStage, number>();
  t = performance.now();
  // A stage reports progress more than once (the audit, per dependency): it starts at the first.
  let dependencyCodeStart: number | undefined;
  const report = await scanTarget(tgz, {
    onProgress: (stage, detail) => {
      if (!stageStarts.has(stage)) stageStarts.set(stage, performance.now());
      if (detail.startsWith("dependency code:")) dependencyCodeStart ??= performance.now();
    },
  });
  const scanMs = performance.now() - t;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const analysisMs = stageStarts.get("auditing")! - stageStarts.get("analysing")!;
  const done = stageStarts.get("done")!;
  // The audit proper (packuments, advisories), then the dependencies' code: fetched and analysed.
  const auditMs = (dependencyCodeStart ?? done) - stageStarts.get("auditing")!;
  const dependencyCodeMs = dependencyCodeStart === undefined ? 0 : done - dependencyCodeStart;
  const localMs = scanMs - auditMs - dependencyCodeMs; // extraction, parsing, rules, tools of the package itself

  // Baseline: the scanner's own parse (same parser, same options) producing the AST, and nothing else.
  const extraction = await extractTarball(fetched.bytes, path.join(scratch, "unpacked"));
  const sources = extraction.files.filter((f) => isCodeFile(f.path) && f.size <= 10 * 1024 * 1024).map((f) => [f.path, fs.readFileSync(path.join(extraction.root, f.path), "utf8")] as const);
  t = performance.now();
  for (const [file, text] of sources) parseSource(file, text);
  const bareParseMs = performance.now() - t;

  process.stdout.write(
    `${JSON.stringify({
      spec: `${fetched.name}@${fetched.version}`,
      files: report.summary.files,
      codeFiles: sources.length,
      bytes: report.summary.bytes,
      fetchMs,
      bareParseMs,
      analysisMs,
      localMs,
      auditMs,
      dependencyCodeMs,
      dependencyCodeFiles: report.dependencies.code?.files ?? 0,
      scanMs,
      peakRssMb,
      verdict: report.verdict,
      findings: report.findings.length,
      dependencies: report.dependencies.count,
    })}\n`,
  );
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}

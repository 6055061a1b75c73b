import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { MAX_ANALYSED_CODE_BYTES, runsAsCode } from "@/scanner/analyse-package-files";
import { bracketDepth, MAX_PARSE_NESTING, parseSource } from "@/scanner/analysis/parse-source";
import { readTarball } from "@/scanner/extract/read-tarball";
import { type ScanStage, scanTarget } from "@/scanner/scan-target";
import { tuneForScanning } from "@/scanner/scanner-process";
import { entryPoints } from "@/scanner/target/entry-points";

// One measurement of one package, in a process of its own (as the registry runs every scan),
// so that its peak RSS is its own and the scan and the bare parse both start with a cold JIT.
// Prints one JSON line.
//   scan  <spec>: the whole scan from npm, with the time of each stage
//   local <tgz>:  the scan of a tarball on disk from its extraction up to the network audit:
//                 extraction, parsing, every rule (reading and digesting the tarball count as the
//                 fetch, as they do in a scan from npm)
//   parse <tgz>:  the baseline, the scanner's parser over the files the scan parses, and nothing else
const [mode, target] = process.argv.slice(2) as ["scan" | "local" | "parse", string];

// Both sides run with V8 set up as for a scan (tuneForScanning), and load the parser and its
// deserializer before the clock starts: loading code is not parsing.
tuneForScanning();
parseSource("warm-up.js", "let x = 1;");

async function scan() {
  const stageStarts = new Map<ScanStage, number>();
  // A stage reports progress more than once (the audit, per dependency): it starts at the first.
  let dependencyCodeStart: number | undefined;
  const t = performance.now();
  const report = await scanTarget(target, {
    onProgress: (stage, detail) => {
      if (!stageStarts.has(stage)) stageStarts.set(stage, performance.now());
      if (detail.startsWith("dependency code:")) dependencyCodeStart ??= performance.now();
    },
  });
  const scanMs = performance.now() - t;
  const done = stageStarts.get("done")!;
  return {
    spec: `${report.target.name}@${report.target.version}`,
    files: report.summary.files,
    bytes: report.summary.bytes,
    fetchMs: stageStarts.get("extracting")! - t,
    // The audit proper (packuments, advisories), then the dependencies' code: fetched and analysed.
    auditMs: (dependencyCodeStart ?? done) - stageStarts.get("auditing")!,
    dependencyCodeMs: dependencyCodeStart === undefined ? 0 : done - dependencyCodeStart,
    dependencyCodeFiles: report.dependencies.code?.files ?? 0,
    scanMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    verdict: report.verdict,
  };
}

class AuditReached extends Error {}

async function local() {
  let t = 0;
  let localMs = 0;
  try {
    await scanTarget(target, {
      dependencyCode: false,
      onProgress: (stage) => {
        if (stage === "extracting") t = performance.now();
        if (stage !== "auditing") return;
        localMs = performance.now() - t;
        throw new AuditReached(); // the rest is network work, timed by the whole scan
      },
    });
  } catch (error) {
    if (!(error instanceof AuditReached)) throw error;
  }
  return { localMs };
}

async function parse() {
  const archive = await readTarball(fs.readFileSync(target));
  const entries = entryPoints(JSON.parse(archive.files.get("package.json")!.toString("utf8")) as Parameters<typeof entryPoints>[0]);
  // The files the scan parses: by extension, entry points and shebang scripts (a declaration
  // file named as an entry point is parsed too), within its size cap and nesting guard.
  const parsed = ([file, data]: [string, Buffer]) => runsAsCode(file, entries, () => data) && data.length <= MAX_ANALYSED_CODE_BYTES && bracketDepth(data) <= MAX_PARSE_NESTING;
  const sources = [...archive.files].filter(parsed).map(([file, data]) => [file, data.toString("utf8")] as const);
  const t = performance.now();
  for (const [file, text] of sources) parseSource(file, text);
  return { bareParseMs: performance.now() - t, codeFiles: sources.length };
}

const result = mode === "scan" ? await scan() : mode === "local" ? await local() : await parse();
process.stdout.write(`${JSON.stringify(result)}\n`);

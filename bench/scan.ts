import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pacote from "pacote";
import { SCANNER_NODE_FLAGS } from "@/scanner/scanner-memory";

// `npm run bench:scan`: scans real MCP servers from npm (latest versions, named in the output),
// each in its own process, and compares the scanner's local work with a bare parse of the same
// files by the same parser, measured in the same run (bench/scan-one.ts takes each measurement).
const PACKAGES = [
  "@modelcontextprotocol/server-filesystem",
  "@modelcontextprotocol/server-memory",
  "@modelcontextprotocol/server-everything",
  "@modelcontextprotocol/server-sequential-thinking",
  "@playwright/mcp",
  "firecrawl-mcp",
  "@notionhq/notion-mcp-server",
  "mcp-remote",
  "chrome-devtools-mcp",
  "@wonderwhy-er/desktop-commander",
  "@upstash/context7-mcp",
  "tavily-mcp",
  "exa-mcp-server",
  "figma-developer-mcp",
  "@supabase/mcp-server-supabase",
  "@sentry/mcp-server",
  "@stripe/mcp",
];

interface Scan {
  spec: string;
  files: number;
  bytes: number;
  fetchMs: number;
  auditMs: number;
  dependencyCodeMs: number;
  dependencyCodeFiles: number;
  scanMs: number;
  peakRssMb: number;
  verdict: string;
}
type Result = Scan & { bareParseMs: number; localMs: number };

// BENCH_PACKAGES=chrome-devtools-mcp,@sentry/mcp-server limits a run to some of them, while iterating.
const only = process.env.BENCH_PACKAGES?.split(",").map((name) => name.trim());
const chosen = only ? PACKAGES.filter((name) => only.includes(name)) : PACKAGES;
// The local scan and the bare parse are timed this many times each, alternately; the median counts.
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const run = promisify(execFile);
const measure = async <T>(mode: string, target: string): Promise<T> => {
  // Scans run with the flags the registry's workers give them; the bare parse in a default process.
  const flags = mode === "parse" ? [] : SCANNER_NODE_FLAGS;
  const { stdout } = await run(process.execPath, [...flags, "--import", "tsx", "bench/scan-one.ts", mode, target], { env: { ...process.env, LOG_LEVEL: "warn" }, maxBuffer: 10 * 1024 * 1024, timeout: 600_000 });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as T;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-bench-"));
const results: Result[] = [];
const failures: string[] = [];
try {
  for (const name of chosen) {
    let spec = name;
    try {
      spec = `${name}@${(await pacote.manifest(name)).version}`;
      const scan = await measure<Scan>("scan", spec);
      const tgz = path.join(scratch, "package.tgz");
      fs.writeFileSync(tgz, await pacote.tarball(spec));
      const local: number[] = [];
      const parse: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        local.push((await measure<{ localMs: number }>("local", tgz)).localMs);
        parse.push((await measure<{ bareParseMs: number }>("parse", tgz)).bareParseMs);
      }
      results.push({ ...scan, localMs: median(local), bareParseMs: median(parse) });
    } catch (error) {
      failures.push(`${spec}: ${(error as Error).message.split("\n")[0]}`);
    }
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}

const ms = (n: number) => n.toFixed(0).padStart(7);
const row = (r: Result) =>
  `${r.spec.padEnd(52)} ${String(r.files).padStart(6)} ${(r.bytes / 1024 / 1024).toFixed(1).padStart(7)} ${ms(r.fetchMs)} ${ms(r.bareParseMs)} ${ms(r.localMs)} ${(r.localMs / Math.max(r.bareParseMs, 0.001)).toFixed(1).padStart(6)} ${ms(r.auditMs)} ${ms(r.dependencyCodeMs)} ${ms(r.scanMs)} ${r.peakRssMb.toFixed(0).padStart(6)} ${r.verdict}`;
console.log(`${"package".padEnd(52)} ${"files".padStart(6)} ${"MB".padStart(7)} ${"fetch".padStart(7)} ${"parse".padStart(7)} ${"local".padStart(7)} ${"ratio".padStart(6)} ${"audit".padStart(7)} ${"deps".padStart(7)} ${"total".padStart(7)} ${"RSS MB".padStart(6)} verdict`);
for (const r of results) console.log(row(r));
const sum = (key: keyof Result) => results.reduce((n, r) => n + (r[key] as number), 0);
const total: Result = { spec: `TOTAL (${results.length} packages)`, files: sum("files"), bytes: sum("bytes"), fetchMs: sum("fetchMs"), bareParseMs: sum("bareParseMs"), localMs: sum("localMs"), auditMs: sum("auditMs"), dependencyCodeMs: sum("dependencyCodeMs"), dependencyCodeFiles: sum("dependencyCodeFiles"), scanMs: sum("scanMs"), peakRssMb: Math.max(...results.map((r) => r.peakRssMb)), verdict: "" };
console.log(row(total));
console.log(`
times in ms; every figure from a process of its own, as the registry runs each scan; parse and local are
the median of ${RUNS} runs each, taken alternately. fetch: the tarball from npm, with its digests. parse: the
scanner's parser over exactly the files the scan parses, alone (the baseline). local: the scan of the
package itself from its extraction up to the network audit (extraction, parsing, every rule, tools).
ratio: local / parse. audit: the dependency audit (packuments and advisories over the network). deps:
fetching and analysing every dependency's code (${total.dependencyCodeFiles} files in all). total: the whole scan, once.
local / bare parse: ${(total.localMs / total.bareParseMs).toFixed(2)}x (target: at most 2x)
scan without dependency code / (2x bare parse + fetch + audit): ${((total.scanMs - total.dependencyCodeMs) / (2 * total.bareParseMs + total.fetchMs + total.auditMs)).toFixed(2)} (target: at most 1)
peak RSS: ${total.peakRssMb.toFixed(0)} MB (target: at most 512 MB)`);
if (failures.length) console.log(`\nnot scanned:\n  ${failures.join("\n  ")}`);

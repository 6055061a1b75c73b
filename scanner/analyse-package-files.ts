import path, { posix } from "node:path";
import { analyzeSource, type ReportedTool, type SourceAnalysis } from "@/scanner/analysis/analyze-source";
import { analyzeText, fileContent } from "@/scanner/analysis/analyze-text";
import { jsonExports, MAX_JSON_BYTES } from "@/scanner/analysis/json-exports";
import { jsonToolDefinitions } from "@/scanner/json-tool-definitions";
import { moduleMembers, type OwnFileExports, ownFileKept, ownFileTarget } from "@/scanner/analysis/own-file-exports";
import { type PackageLayout, type ResolvedSpecifier, resolveOwnFile } from "@/scanner/analysis/resolve-own-file";
import { bracketDepth, isCodeFile, MAX_PARSE_NESTING } from "@/scanner/analysis/parse-source";
import { addExternal } from "@/scanner/analysis/webpack-bundle";
import { appendAll } from "@/scanner/append-all";
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

/** One file's analysis, kept apart until every file is read: a split chunk may be read again. */
interface FileAnalysis {
  path: string;
  /** Its place in the package's list of files, where its findings are reported. */
  index: number;
  /** What the archive entry, the text rules and a failed code analysis found. */
  findings: ScanFinding[];
  /** The code rules' analysis, when they could read the file. */
  code?: SourceAnalysis;
  /** The tools a JSON file defines, and what the tool rules found in them (jsonToolDefinitions). */
  jsonTools?: Pick<SourceAnalysis, "findings" | "tools">;
  /** Whether the rules read the file: not when a cap or the analysis itself stopped them. */
  analysed: boolean;
  /** Whether the code rules read (or were to read) it: a file Node runs as code, or one code loads. */
  asCode: boolean;
  /** How many changes to the package's webpack externals the code analysis had seen. */
  externalsSeen: number;
  /** How many of its exports' schemas other files had asked for when it was read (PackageKnowledge.wantedSchemas). */
  wantedSeen: number;
  /** What the code analysis asked of the package's own code (BoundFile.ownFileMember), with the answers it had then. */
  asked: OwnFileQuestion[];
}

/** What the package's files tell one another, worked out as they are read. */
interface PackageKnowledge {
  /** What the package's webpack bundles define by id, for its split chunks, which load it from other files. */
  externals: Map<string, string[]>;
  externalChanges: number;
  /** Its files and package.json files, for relative and `#` imports to name (resolveOwnFile). */
  layout: PackageLayout;
  /** What specifiers name, by the importer's folder and extension (resolveFrom): files of a folder import the same few. */
  resolved: Map<string, ResolvedSpecifier | undefined>;
  /** What each of the package's own files hands to its importers (OwnFileExports). */
  exports: Map<string, OwnFileExports>;
  /**
   * By file, the member paths whose input schemas other files import (ownFileKept's wants): a
   * file reads as schemas only those (exportedReadings), and is read again when more are asked for.
   */
  wantedSchemas: Map<string, Set<string>>;
  /** The files whose code has been read (analyseCode). */
  readFiles: Set<string>;
  /** What each of its JSON files hands the code that requires or imports it (jsonExports), read when first asked for. */
  jsonExportsOf: (file: string) => OwnFileExports | undefined;
  /** By the file that writes them, the member paths of the package's files it may give other values (ownFileWrites). */
  writes: Map<string, { file: string; members: readonly string[] }[]>;
}

/** A question a file's analysis asked of the package's own code: what `members` of `specifier` are (a call target, a text or a schema), and the answer then. */
interface OwnFileQuestion {
  kind: OwnFileAnswerKind;
  specifier: string;
  members: readonly string[];
  answer: string | undefined;
}

type OwnFileAnswerKind = "target" | "text" | "schema";

const notAnalysed = (file: string, message: string, severity: ScanFinding["severity"]): ScanFinding => ({ rule: "not-analysed", category: "archive", severity, file, line: 0, message, evidence: file });

/** A file over the scanner's cap; code nobody analysed may do anything, so a size cap must not be a hiding place. */
const tooLarge = (file: string, size: number, code: boolean) =>
  notAnalysed(file, `Not analysed: ${size} bytes is more than the scanner reads${code ? "; code that was not analysed may do anything" : ""}`, code ? "high" : "low");

/** A NUL byte makes text look binary, but Node still runs a file of code that holds one. */
const withNulBytes = (file: string) => notAnalysed(file, "A code file containing NUL bytes, a trick to make scanners treat it as binary; it was analysed anyway", "medium");

/** What `members` of what a specifier names are, a call target, a text or a schema, by what the package's analysis knows now. */
function ownFileAnswer(kind: OwnFileAnswerKind, named: ResolvedSpecifier | undefined, members: readonly string[], known: PackageKnowledge): string | undefined {
  if (!named) return undefined;
  if ("module" in named) return kind === "target" ? moduleMembers(named.module, members) : undefined;
  const exportsOf = (file: string) => known.exports.get(file) ?? known.jsonExportsOf(file);
  if (kind === "target") {
    const exports = known.exports.get(named.file);
    return exports && ownFileTarget(exports, members, exportsOf);
  }
  // What another file may write there is not what the file says (ownFileWrites).
  if (isWritten(named.file, members, known)) return undefined;
  if (kind === "text") return ownFileKept("texts", named.file, members, exportsOf);
  // A file already read is read again only for a name it exports an object or a call under (a
  // bundle that exports zod is not read again for `zod` of `zod.object(…)`).
  const wants = (file: string, path: string) => {
    const name = path.startsWith("default.") ? path.split(".")[1]! : path.split(".")[0]!;
    if (known.readFiles.has(file) && !known.exports.get(file)?.schemaNames?.has(name)) return;
    (known.wantedSchemas.get(file) ?? known.wantedSchemas.set(file, new Set()).get(file)!).add(path);
  };
  return ownFileKept("schemas", named.file, members, exportsOf, wants);
}

/** Whether some file may write a member path of a file (ownFileWrites): the path itself, a member inside it, or an object it is in; `default` aside, which names the same exports. */
function isWritten(file: string, members: readonly string[], known: PackageKnowledge): boolean {
  const path = exportPath(members);
  for (const writes of known.writes.values()) {
    for (const write of writes) {
      if (write.file !== file) continue;
      const written = exportPath(write.members);
      const shorter = Math.min(written.length, path.length);
      if (written.slice(0, shorter).every((member, i) => member === path[i])) return true;
    }
  }
  return false;
}

// A CommonJS module's members are read as much through `default` as without it.
const exportPath = (members: readonly string[]) => (members[0] === "default" ? members.slice(1) : members);

/**
 * What a specifier names from a file of the package (resolveOwnFile), worked out once for the
 * file's folder and extension: those decide it (TypeScript's resolution, and whether the file
 * imports or requires, which picks the conditions of an imports or exports map).
 */
function resolveFrom(importer: string, specifier: string, known: PackageKnowledge): ResolvedSpecifier | undefined {
  const key = `${posix.dirname(importer)}\n${posix.extname(importer)}\n${specifier}`;
  if (!known.resolved.has(key)) known.resolved.set(key, resolveOwnFile(importer, specifier, known.layout));
  return known.resolved.get(key);
}

function analyseCode(analysis: FileAnalysis, text: string, known: PackageKnowledge): void {
  // Asked at every call through a module: kept per file, without building the folder's key again.
  const resolved = new Map<string, ResolvedSpecifier | undefined>();
  const resolve = (specifier: string) => {
    if (!resolved.has(specifier)) resolved.set(specifier, resolveFrom(analysis.path, specifier, known));
    return resolved.get(specifier);
  };
  // Bundles and compiled files call the same few members of a file again and again: each question
  // is asked once, and kept, to be asked again once the package's files are all read (readTooEarly).
  const asked = new Map<string, Map<string, OwnFileQuestion>>();
  const ask = (kind: OwnFileAnswerKind) => (specifier: string, members: readonly string[]) => {
    const key = `${kind} ${members.length === 1 ? members[0]! : JSON.stringify(members)}`;
    let bySpecifier = asked.get(specifier);
    if (!bySpecifier) asked.set(specifier, (bySpecifier = new Map()));
    let question = bySpecifier.get(key);
    if (!question) bySpecifier.set(key, (question = { kind, specifier, members, answer: ownFileAnswer(kind, resolve(specifier), members, known) }));
    return question.answer;
  };
  const ownsPackage = (module: string) => known.layout.namesPackages && resolve(module) !== undefined;
  const wantedSchemas = known.wantedSchemas.get(analysis.path);
  analysis.wantedSeen = wantedSchemas?.size ?? 0;
  try {
    analysis.code = analyzeSource(analysis.path, text, CODE_RULES, { webpackExternals: known.externals, ownFiles: { resolve, member: ask("target"), text: ask("text"), schema: ask("schema"), wantedSchemas, ownsPackage } });
  } catch (error) {
    // A file that trips the analysis is not cleared by it: it stays unanalysed, and says so.
    analysis.code = undefined;
    analysis.analysed = false;
    analysis.findings.push(notAnalysed(analysis.path, `Not analysed: the analysis failed on this file (${(error as Error).message}); code that was not analysed may do anything`, "high"));
  }
  analysis.asked = [...asked.values()].flatMap((questions) => [...questions.values()]);
  for (const [id, modules] of analysis.code?.webpack.defined ?? []) for (const module of modules) if (addExternal(known.externals, id, module)) known.externalChanges++;
  // What the file defines itself it knew when it was read.
  analysis.externalsSeen = known.externalChanges;
  const exports = analysis.code?.exports;
  if (exports) known.exports.set(analysis.path, exports);
  else known.exports.delete(analysis.path);
  const writes = (analysis.code?.ownFileWrites ?? []).flatMap(({ specifier, members }) => {
    const named = resolve(specifier);
    return named && "file" in named ? [{ file: named.file, members }] : [];
  });
  if (writes.length) known.writes.set(analysis.path, writes);
  else known.writes.delete(analysis.path);
  known.readFiles.add(analysis.path);
}

/** A package's files and, read when first asked for, its folders' package.json files (PackageLayout). */
function packageLayout(files: PackageFiles): PackageLayout {
  const paths = new Set(files.list.map((file) => file.path));
  const manifests = new Map<string, Record<string, unknown> | undefined>();
  const read = (folder: string) => {
    try {
      const parsed = JSON.parse(files.read(folder ? `${folder}/package.json` : "package.json").toString("utf8")) as unknown;
      return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  // Folders without a package.json (most asked about) are not kept: their paths could be long and many.
  const manifestOf = (folder: string) => {
    if (!paths.has(folder ? `${folder}/package.json` : "package.json")) return undefined;
    if (!manifests.has(folder)) manifests.set(folder, read(folder));
    return manifests.get(folder);
  };
  const bundledNames = new Set<string>();
  for (const { path: file } of files.list) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(file);
    if (match) bundledNames.add(match[1]!);
  }
  const root = manifestOf("");
  return { files: paths, bundledNames, namesPackages: bundledNames.size > 0 || (typeof root?.name === "string" && root.exports !== undefined), manifestOf };
}

/** Reads the package's JSON files for the code that loads them (jsonExports), each once, when first asked for. */
function jsonFiles(files: PackageFiles): (file: string) => OwnFileExports | undefined {
  const sizes = new Map(files.list.filter((file) => file.path.endsWith(".json")).map((file) => [file.path, file.size]));
  const read = new Map<string, OwnFileExports | undefined>();
  return (file) => {
    const size = sizes.get(file);
    if (size === undefined || size > MAX_JSON_BYTES) return undefined;
    if (!read.has(file)) read.set(file, jsonExports(files.read(file).toString("utf8")));
    return read.get(file);
  };
}

/** Runs the code rules over a file, unless it is nested deeper than parsers survive (a finding then). */
function readAsCode(analysis: FileAnalysis, bytes: Buffer, text: string, known: PackageKnowledge): void {
  analysis.asCode = true;
  if (bracketDepth(bytes) > MAX_PARSE_NESTING) {
    analysis.analysed = false;
    analysis.findings.push(notAnalysed(analysis.path, `Not analysed: nested more than ${MAX_PARSE_NESTING} levels deep, which crashes parsers; code that was not analysed may do anything`, "high"));
    return;
  }
  analyseCode(analysis, text, known);
}

// Node's require reads these as JSON and as native addons, not as JavaScript.
const NOT_JAVASCRIPT = /\.(json|node)$/;

/**
 * Reads as code every file the package's code requires (`require("./payload.map")`) that its
 * name did not make code: Node's require runs a file of any name as JavaScript. A file so
 * disguised is itself a finding.
 */
function readLoadedAsCode(analyses: FileAnalysis[], files: PackageFiles, known: PackageKnowledge): void {
  const byPath = new Map(analyses.map((analysis) => [analysis.path, analysis]));
  for (let loaders = analyses.filter((analysis) => analysis.code); loaders.length; ) {
    const loaded: FileAnalysis[] = [];
    for (const loader of loaders) {
      for (const specifier of loader.code?.loads ?? []) {
        const named = resolveFrom(loader.path, specifier, known);
        const target = named && "file" in named ? byPath.get(named.file) : undefined;
        if (!target || target.asCode || NOT_JAVASCRIPT.test(target.path)) continue;
        target.asCode = true;
        const disguised: ScanFinding = {
          rule: "disguised-code",
          category: "obfuscation",
          severity: "medium",
          file: target.path,
          line: 0,
          message: `Loaded as code by ${loader.path} though its name is not a code file's; Node runs it as JavaScript, and it was analysed as code`,
          evidence: `${loader.path}: ${specifier}`,
        };
        const size = files.list[target.index]!.size;
        if (size > MAX_ANALYSED_CODE_BYTES) {
          target.findings.push(disguised, tooLarge(target.path, size, true));
          continue;
        }
        const bytes = files.read(target.path);
        readAsCode(target, bytes, fileContent(bytes).text, known);
        // What does not parse as JavaScript is a bundler's asset (`require("./icon.svg")`): Node would refuse to run it.
        if (target.code?.parseErrors.length) {
          target.code = undefined;
          known.exports.delete(target.path);
          continue;
        }
        target.analysed = true;
        target.findings.push(disguised);
        if (bytes.includes(0)) target.findings.push(withNulBytes(target.path));
        loaded.push(target);
      }
    }
    loaders = loaded.filter((analysis) => analysis.code);
  }
}

/**
 * Whether a file must be read again, knowing more than when it was: a split chunk, once the
 * package's bundles define more; an importer of the package's own code, once a question it asked
 * of it has another answer (`module.exports = require("child_process")` read after its importer).
 */
function readTooEarly(analysis: FileAnalysis, known: PackageKnowledge): boolean {
  if (analysis.code?.webpack.chunks && analysis.externalsSeen !== known.externalChanges) return true;
  if ((known.wantedSchemas.get(analysis.path)?.size ?? 0) !== analysis.wantedSeen) return true;
  return analysis.asked.some(({ kind, specifier, members, answer }) => ownFileAnswer(kind, resolveFrom(analysis.path, specifier, known), members, known) !== answer);
}

// What a file exports names the package's files it hands on from without looking into them, so
// it does not change with the order they are read in, and one round reads again every importer
// whose questions have other answers once all are read. Another round is for a file whose exports
// changed all the same (one that failed to be analysed, or a split chunk read again).
const MAX_ROUNDS = 4;

const isBundled = (file: string) => file.startsWith("node_modules/") || file.includes("/node_modules/");

/**
 * The files in the order they are read, with their places in the package's list (where their
 * findings go): packages bundled in the tarball (`node_modules/`) first, as the package's own files
 * import them far more often than the other way round, so fewer files are read twice (readTooEarly).
 */
function readingOrder<T extends { path: string }>(list: readonly T[]): { file: T; index: number }[] {
  const indexed = list.map((file, index) => ({ file, index }));
  return [...indexed.filter(({ file }) => isBundled(file.path)), ...indexed.filter(({ file }) => !isBundled(file.path))];
}

/**
 * Runs the text rules over every text file of an unpacked package and the code rules over
 * every file Node would run as code: by extension, the package's entry points (whatever their
 * names) and shebang scripts. A file that cannot be analysed is a finding, never a pass.
 */
export function analysePackageFiles(files: PackageFiles, entries: Set<string>): PackageAnalysis {
  const analyses: FileAnalysis[] = [];
  const known: PackageKnowledge = { externals: new Map(), externalChanges: 0, layout: packageLayout(files), resolved: new Map(), exports: new Map(), wantedSchemas: new Map(), readFiles: new Set(), jsonExportsOf: jsonFiles(files), writes: new Map() };
  for (const { file, index } of readingOrder(files.list)) {
    const code = runsAsCode(file.path, entries, () => files.read(file.path));
    const analysis: FileAnalysis = { path: file.path, index, findings: [], analysed: false, asCode: code, externalsSeen: 0, wantedSeen: 0, asked: [] };
    if (file.size > (code ? MAX_ANALYSED_CODE_BYTES : MAX_ANALYSED_TEXT_BYTES)) {
      analysis.findings.push(tooLarge(file.path, file.size, code));
      analyses.push(analysis);
      continue;
    }
    const bytes = files.read(file.path);
    analyses.push(analysis);
    // A NUL byte makes text look binary, but Node still runs a .js file that holds one (and a
    // binary-looking file code requires: readLoadedAsCode).
    if (!code && isBinary(bytes)) continue;
    if (code && bytes.includes(0)) analysis.findings.push(withNulBytes(file.path));
    const content = fileContent(bytes);
    try {
      appendAll(analysis.findings, analyzeText(file.path, content, TEXT_RULES));
    } catch (error) {
      // As for the code rules: a file that trips them is not cleared by them.
      analysis.findings.push(notAnalysed(file.path, `Partly analysed: the text rules failed on this file (${(error as Error).message}); secrets, install scripts and hidden text in it may be missed`, "medium"));
    }
    analysis.analysed = true;
    if (code) readAsCode(analysis, bytes, content.text, known);
    else analysis.jsonTools = jsonToolDefinitions(file.path, content.text, bytes);
  }
  readLoadedAsCode(analyses, files, known);
  for (let round = 0; ; round++) {
    const again = analyses.filter((analysis) => analysis.code && readTooEarly(analysis, known));
    if (!again.length) break;
    if (round === MAX_ROUNDS) {
      const message = `Partly analysed: what the package's other files hand this one was still changing after ${MAX_ROUNDS + 1} readings, so calls through them may be missed`;
      for (const analysis of again) analysis.findings.push(notAnalysed(analysis.path, message, "medium"));
      break;
    }
    for (const analysis of again) analyseCode(analysis, fileContent(files.read(analysis.path)).text, known);
  }
  const out: PackageAnalysis = { findings: [], capabilities: [], tools: [], analysed: 0 };
  for (const { path: file, findings, code, analysed, jsonTools } of analyses.sort((a, b) => a.index - b.index)) {
    appendAll(out.findings, findings);
    if (jsonTools) {
      appendAll(out.findings, jsonTools.findings);
      appendAll(out.tools, jsonTools.tools);
    }
    if (code?.incomplete) out.findings.push(notAnalysed(file, `Partly analysed: ${code.incomplete}; code that was not analysed may do anything`, "medium"));
    if (code) {
      appendAll(out.findings, code.findings);
      appendAll(out.capabilities, code.capabilities);
      appendAll(out.tools, code.tools);
    }
    if (analysed) out.analysed++;
  }
  return out;
}

import { isProcess, type Node, propertyName, unwrap } from "@/scanner/analysis/ast";
import { downloadOf, responseOf } from "@/scanner/analysis/downloaded-code";
import { calleeTarget } from "@/scanner/analysis/module-bindings";
import { ancestorsOf } from "@/scanner/analysis/name-uses";
import { isInterpreter } from "@/scanner/analysis/shell-commands";
import { isStreamPipeline } from "@/scanner/analysis/stream-pipeline";
import { FILE_MODULES } from "@/scanner/rules/file-modules";
import type { SourceContext } from "@/scanner/rules/rule";
import type { SpawnCall } from "@/scanner/rules/spawn-calls";

// Calls that save data in a file, by the name calleeTarget gives them: given the data, or
// opening a stream that is piped into.
const SAVES_DATA = new Set([...FILE_MODULES.flatMap((module) => [`${module}.writeFile`, `${module}.writeFileSync`]), "Deno.writeFile", "Deno.writeFileSync", "Bun.write"]);
const OPENS_STREAM = new Set(FILE_MODULES.map((module) => `${module}.createWriteStream`));
// Calls that put a file elsewhere (`fs.renameSync(tmp, bin)`, fs-extra's `move`): a saved download moved or copied is still one.
const MOVES = ["rename", "renameSync", "copyFile", "copyFileSync", "cp", "cpSync", "move", "moveSync", "copy", "copySync"];
const MOVES_FILE = new Set([...FILE_MODULES.flatMap((module) => MOVES.map((method) => `${module}.${method}`)), "Deno.rename", "Deno.renameSync", "Deno.copyFile", "Deno.copyFileSync"]);
// Their last names: the file's identifiers of other names are no such call, but for the names it binds one to.
const SAVING_NAMES = new Set(["writeFile", "writeFileSync", "createWriteStream"]);
const UNKNOWN = "${…}";
// How many write streams of a file are followed through their names: each is a search of the
// name's uses, and a file of thousands of streams under one name would search them all each time.
const MAX_NAMED_STREAMS = 16;
// How many moves after one another are followed (`tmp` → `stage` → `bin`), and how many saved
// downloads and moves of a file are kept: each spawn and load is compared with every saved one,
// and a dropper needs a few.
const MAX_MOVES = 4;
const MAX_KEPT = 64;

/** A file the source saves a download in. */
export interface SavedDownload {
  /** Its path as worked out (`${…}` for parts worked out at run time); undefined when none of it can be. */
  path: string | undefined;
  /** What the name the path is given as was declared with: that name, run, is the same file whatever its value. */
  declaredWith: Node | undefined;
  /** The download, described (`fetch from evil.example`). */
  download: string;
  line: number;
}

/**
 * The call an identifier is the callee of, directly or as a member's name (`writeFileSync(…)`,
 * `fs.promises.writeFile(…)`), also as compiled TypeScript calls an import (`(0,
 * fs_1.writeFileSync)(…)`).
 */
function calledBy(context: SourceContext, { node, parent, grandparent }: { node: Node; parent: Node; grandparent: Node | undefined }): Node | undefined {
  if (parent.type === "CallExpression" && parent.callee === node) return parent;
  const member = parent.type === "MemberExpression" && parent.property === node && !parent.computed;
  const callee = member ? parent : node;
  const above = member ? grandparent : parent;
  if (above?.type === "CallExpression" && above.callee === callee) return above;
  if (above?.type !== "SequenceExpression" || (above.expressions as Node[]).at(-1) !== callee) return undefined;
  const call = ancestorsOf(context.program, above).at(-1);
  return call?.type === "CallExpression" && call.callee === above ? call : undefined;
}

/** The names the file may call a saving function by: their own, and those it binds one to (`const { writeFileSync: save } = require("fs")`). */
function savingNames(context: SourceContext): Set<string> {
  const names = new Set([...SAVING_NAMES, ...MOVES]);
  // `Bun.write(…)`: streams' `write` calls are everywhere, Bun's only where Bun is named.
  if (/\bBun\b|["']bun["']/.test(context.source)) names.add("write");
  for (const [name, binding] of context.bindings.entries()) {
    const target = `${binding.module}.${binding.member}`;
    if (binding.member !== undefined && (SAVES_DATA.has(target) || OPENS_STREAM.has(target) || MOVES_FILE.has(target))) names.add(name);
  }
  return names;
}

/** What is piped into a stream (`source.pipe(stream)`, `pipeline(source, …, stream)`) and the call that pipes it, at the node above the stream. */
function pipedAt(context: SourceContext, above: Node | undefined, stream: Node): { call: Node; source: Node } | undefined {
  if (above?.type !== "CallExpression") return undefined;
  const callee = unwrap(above.callee as Node);
  const args = above.arguments as Node[];
  if (callee.type === "MemberExpression" && propertyName(callee) === "pipe" && args[0] === stream) return { call: above, source: callee.object as Node };
  return isStreamPipeline(callee, context.bindings) && args.indexOf(stream) > 0 ? { call: above, source: args[0]! } : undefined;
}

/**
 * What is piped into the stream a call opens, there or through the name it is declared as (`const
 * out = fs.createWriteStream(p); res.pipe(out)`); `named`: how many streams' names may still be
 * followed, each through every use of its name.
 */
function pipedInto(context: SourceContext, open: Node, named: { left: number }): { call: Node; source: Node } | undefined {
  const above = ancestorsOf(context.program, open).at(-1);
  const piped = pipedAt(context, above, open);
  if (piped || above?.type !== "VariableDeclarator" || (above.id as Node).type !== "Identifier" || named.left-- <= 0) return piped;
  for (const use of context.identifiers.named((above.id as Node).name as string)) {
    if (use.node !== above.id && context.values.declaredWith(use.node) === open) {
      const found = pipedAt(context, use.parent, use.node);
      if (found) return found;
    }
  }
  return undefined;
}

// Per file (its program), the downloads it saves: exec and dynamic-code both ask.
const savedByFile = new WeakMap<Node, SavedDownload[]>();

/**
 * The files the source saves a download in: a write whose data is a download's body or is
 * worked out in a download's handler (downloadOf: `fs.writeFileSync(p, Buffer.from(await
 * res.arrayBuffer()))`), and a write stream a download is piped into (`https.get(url, (res) =>
 * res.pipe(fs.createWriteStream(p)))`, `pipeline(Readable.fromWeb(res.body), out)`). Found once
 * per file, when first asked.
 */
function savedDownloads(context: SourceContext): SavedDownload[] {
  let saved = savedByFile.get(context.program);
  if (!saved) savedByFile.set(context.program, (saved = findSavedDownloads(context)));
  return saved;
}

function findSavedDownloads(context: SourceContext): SavedDownload[] {
  const saved: SavedDownload[] = [];
  const moves: Node[] = [];
  const streams = { left: MAX_NAMED_STREAMS };
  for (const uses of context.identifiers.namedAmong(savingNames(context)).values()) {
    for (const use of uses) {
      const call = calledBy(context, use);
      const target = call && calleeTarget(unwrap(call.callee as Node), context.bindings);
      if (target !== undefined && MOVES_FILE.has(target)) moves.push(call!);
      if (target === undefined || !(SAVES_DATA.has(target) || OPENS_STREAM.has(target))) continue;
      const [destination, data] = call!.arguments as Node[];
      if (!destination || saved.length === MAX_KEPT) continue;
      const piped = OPENS_STREAM.has(target) ? pipedInto(context, call!, streams) : undefined;
      // `Bun.write(path, await fetch(url))` writes the response's body.
      const response = target === "Bun.write" && data ? responseOf(context, data) : undefined;
      const download = OPENS_STREAM.has(target) ? piped && downloadOf(context, piped.call, piped.source) : (response ?? downloadOf(context, call!, data));
      if (!download) continue;
      // `Bun.write(Bun.file(path), data)` writes the file Bun.file names.
      const file = unwrap(destination);
      const path = file.type === "CallExpression" && calleeTarget(unwrap(file.callee as Node), context.bindings) === "Bun.file" ? unwrap((file.arguments as Node[])[0] ?? file) : file;
      saved.push(savedAt(context, path, download, call!));
    }
  }
  // A saved download moved or copied (`fs.renameSync(tmp, bin)`), also after another move: each
  // saved one is looked for among the moves' sources, those it adds after it (up to MAX_MOVES moves
  // from a download), each move once.
  if (saved.length === 0) return saved;
  const pending = moves.flatMap((call) => {
    const [from, to] = call.arguments as Node[];
    return from && to ? [{ call, from: fileNamed(context, unwrap(from)), to: unwrap(to) }] : [];
  });
  const depths = saved.map(() => 0);
  for (let i = 0; i < saved.length && saved.length < MAX_KEPT; i++) {
    if (depths[i]! >= MAX_MOVES) continue;
    for (let j = 0; j < pending.length && saved.length < MAX_KEPT; j++) {
      if (!sameFile(pending[j]!.from, saved[i]!)) continue;
      saved.push(savedAt(context, pending[j]!.to, saved[i]!.download, pending[j]!.call));
      depths.push(depths[i]! + 1);
      pending.splice(j--, 1);
    }
  }
  return saved;
}

/** How a file is named in the code: its path as worked out, and what the name it is given as was declared with. */
type FileName = Pick<SavedDownload, "path" | "declaredWith">;

const fileNamed = (context: SourceContext, path: Node): FileName => ({
  path: context.values.resolve(path),
  declaredWith: path.type === "Identifier" ? context.values.declaredWith(path) : undefined,
});

/** A saved download at a path (the node naming it), saved by `call`. */
const savedAt = (context: SourceContext, path: Node, download: string, call: Node): SavedDownload => ({ ...fileNamed(context, path), download, line: context.lines.lineOf(call.start) });

// A path is the same file as another by its text only when some of it is known: `${…}` alone may be any file.
const telling = (path: string) => path.replaceAll(UNKNOWN, "").replace(/[\\/.]/g, "").length > 0;
const unquoted = (word: string) => word.replace(/^["']|["']$/g, "");

/** Whether two names are one file: the same name (one declaration), or the same path where some of it is known. */
const sameFile = (a: FileName, b: FileName) =>
  (a.declaredWith !== undefined && a.declaredWith === b.declaredWith) || (a.path !== undefined && b.path !== undefined && telling(a.path) && unquoted(a.path) === b.path);

/** A saved download as findings name it: `fetch from evil.example, saved as /tmp/.x on line 12`. */
export const savedDescription = (saved: SavedDownload) => `${saved.download}, saved as ${saved.path ?? "a file"} on line ${saved.line}`;

/** The saved download (savedDownloads) a file a module loads is (`require(file)`, `import(file)`): the same name, or the same path where some of it is known. */
export const savedDownloadLoaded = (context: SourceContext, file: Node) => savedAs(context, savedDownloads(context), file);

/** The saved download a program is: the same name, or the same path where some of it is known. */
function savedAs(context: SourceContext, saved: readonly SavedDownload[], program: Node | string): SavedDownload | undefined {
  if (saved.length === 0) return undefined;
  const named = typeof program === "string" ? { path: program, declaredWith: undefined } : fileNamed(context, unwrap(program));
  return saved.find((each) => sameFile(named, each));
}

// `spawn(process.execPath, [file])`: Node itself, as the server runs.
const isNodeItself = (node: Node) => node.type === "MemberExpression" && isProcess(unwrap(node.object as Node)) && propertyName(node) === "execPath";

/**
 * The saved download (savedDownloads) a spawn runs: as its program (`spawn(bin)`, `exec(\`${bin}
 * --serve\`)`), or as the script of a shell or interpreter (`spawn("node", [file])`, `exec("sh " +
 * file)`).
 */
export function savedDownloadRun(context: SourceContext, { command, rest, runsAs }: SpawnCall): SavedDownload | undefined {
  const saved = command === undefined ? [] : savedDownloads(context);
  if (command === undefined || saved.length === 0) return undefined;
  if (runsAs === "file") {
    const program = context.values.resolve(command);
    const list = rest[0] && unwrap(rest[0]);
    const elements = list?.type === "ArrayExpression" ? (list.elements as (Node | null)[]) : [];
    const interprets = program === undefined ? isNodeItself(unwrap(command)) : isInterpreter(program);
    const script = interprets ? elements.find((element) => element !== null && !context.values.resolve(element)?.startsWith("-")) : undefined;
    return savedAs(context, saved, command) ?? (script && script.type !== "SpreadElement" ? savedAs(context, saved, script) : undefined);
  }
  const [program, ...words] = context.values.resolve(command)?.trim().split(/\s+/) ?? [];
  if (program === undefined) return undefined;
  const script = isInterpreter(unquoted(program)) ? words.find((word) => !word.startsWith("-")) : undefined;
  return savedAs(context, saved, program) ?? (script === undefined ? undefined : savedAs(context, saved, script));
}

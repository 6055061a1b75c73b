import { chooseModule, isOwnFile, moduleRank, nodeModuleHas } from "@/scanner/analysis/bindings";
import type { FileExports } from "@/scanner/analysis/handed-on";
import type { ResolvedSpecifier } from "@/scanner/analysis/resolve-own-file";

/**
 * An exported value, as importers reach it: a module or a module's function, as call targets name
 * them (`child_process.exec`), or what another of the package's own files exports (by its path in
 * the package) under `member`, or that file itself. Files are named, not looked into, so that a
 * file's exports do not depend on the order the package's files are read in. A package bundled in
 * the tarball is its file, and its name (`package`) where that file hands nothing on. A merged
 * value `keepsOwn` when it leaves names already exported alone (`export *`, tsc's `__exportStar`).
 */
export type ExportedValue = ({ target: string } | { file: string; member?: string; package?: string }) & { keepsOwn?: true };

/**
 * What one of the package's own files hands to the files that import it: by export name
 * (`exports.run = cp.exec`: run → child_process.exec; null for a value of the file's own, which
 * hides what is merged under that name), and merged into its exports (`module.exports = cp`,
 * `export * from "fs"`, `module.exports = require("./io")`).
 */
export interface OwnFileExports {
  named: ReadonlyMap<string, ExportedValue | null>;
  merged: readonly ExportedValue[];
  /** The texts it exports that the file works out itself (exportedReadings), by member path (`TOOLS.add.description`). */
  texts?: Readings;
  /** The input schemas it exports, by member path, as their readings' answers (schemaAnswer). */
  schemas?: Readings;
  /** The names it exports an object or a call under, which may be input schemas: the only ones worth reading it again for. */
  schemaNames?: ReadonlySet<string>;
}

/** What a file keeps for importers by member path: a map, or a JSON file's data read as asked (jsonExports). */
export interface Readings {
  get(path: string): string | undefined;
}

/** What a file works out itself and keeps for importers: texts, or schemas. */
export type KeptReadings = "texts" | "schemas";

// Honest files merge a few packages into their exports; of a flood of them, the first are kept
// (Node's modules and their members, and the package's own files, all).
const MAX_MERGED_PACKAGES = 64;

/**
 * What a file hands its importers (OwnFileExports), from what it exports (fileExports), with the
 * package's own files it names resolved (`resolve`, from this file); undefined when it exports
 * neither a module nor a value surely its own.
 */
export function ownFileExports({ handed, others }: FileExports, resolve: (specifier: string) => ResolvedSpecifier | undefined, kept: Partial<Record<KeptReadings, ReadonlyMap<string, string>> & { schemaNames: ReadonlySet<string> }> = {}): OwnFileExports | undefined {
  const named = new Map<string, ExportedValue | null>();
  const merged = new Map<string, ExportedValue>();
  // A CommonJS merge (`Object.assign(module.exports, fs)`) replaces names exported before it;
  // `export *` never replaces a name the module exports itself.
  let lastMerge = -1;
  let mergedPackages = 0;
  for (const { node, ref, exportedAs } of handed) {
    if (!exportedAs) continue;
    // A package is a module, unless it is bundled in the tarball (resolve finds its file).
    const resolved = moduleRank(ref.module) === 2 ? { module: ref.module } : (resolve(ref.module) ?? (isOwnFile(ref.module) ? undefined : { module: ref.module }));
    if (resolved === undefined) continue;
    const value: ExportedValue =
      "module" in resolved
        ? { target: moduleMember(resolved.module, ref.member) }
        : { file: resolved.file, ...(ref.member === undefined ? {} : { member: ref.member }), ...(isOwnFile(ref.module) ? {} : { package: ref.module }) };
    // CommonJS's last assignment of a name wins (of `run = a ? cp.exec : cp.spawn`, the second).
    for (const name of exportedAs.names) named.set(name, value);
    if (!exportedAs.merged) continue;
    if (!exportedAs.keepsOwn) lastMerge = Math.max(lastMerge, node.start);
    const mergedValue = exportedAs.keepsOwn ? { ...value, keepsOwn: true as const } : value;
    const key = JSON.stringify(mergedValue);
    const isPackage = "target" in value && moduleRank(value.target.split(".")[0]!) === 1;
    if (merged.has(key) || (isPackage && mergedPackages >= MAX_MERGED_PACKAGES)) continue;
    merged.set(key, mergedValue);
    if (isPackage) mergedPackages++;
  }
  for (const { name, start } of others) if (!named.has(name) && start > lastMerge) named.set(name, null);
  // A file of values of its own only is kept too: merged into another, it hides what was merged before it.
  const exports: OwnFileExports = { named, merged: [...merged.values()] };
  if (kept.texts?.size) exports.texts = kept.texts;
  if (kept.schemas?.size) exports.schemas = kept.schemas;
  if (kept.schemaNames?.size) exports.schemaNames = kept.schemaNames;
  return named.size || merged.size || exports.texts || exports.schemas || exports.schemaNames ? exports : undefined;
}

/** A module's member as a call target; its `default` is the module (as CommonJS and Node's own modules have it). */
export const moduleMember = (module: string, member: string | undefined) => (member === undefined || member === "default" ? module : `${module}.${member}`);

// Files handing a module on to one another, followed this far from the importer; and at most this
// many files (with the members read there) entered by one lookup: barrels merging one another
// could otherwise make every lookup visit every file. Past either, the member is not worked out
// (the files that hand a module on report it in any case).
const MAX_LINKS = 1000;
const MAX_ENTERED = 512;

/** One lookup through the package's files: each file is entered once per member path, so that files merging one another cost no more than their number. */
interface Lookup {
  exportsOf: (file: string) => OwnFileExports | undefined;
  entered: Set<string>;
  /** The readings a file keeps that the lookup is after, if any. */
  kept?: KeptReadings;
  /** Told of each file the lookup enters and the member path it looks for there, which that file may then keep a reading of. */
  wants?: (file: string, path: string) => void;
}

/** What a name is where it is found: a call target, or undefined for a value of the file's own, which may be a text the file works out. */
type Found = { target: string | undefined; text?: string };

/** Members read one after another from a module, as a call target (moduleMember for the first). */
export const moduleMembers = (module: string, members: readonly string[]) => [moduleMember(module, members[0]), ...members.slice(1)].join(".");

/**
 * What importers reach through members of one of the package's own files (`members`: the names
 * read one after another, `ns.slurp` of `import { ns } from "./io"`; none, or `default`, for the
 * file itself, as `require("./run")(…)` or a default import reads it), as a call target, or
 * undefined when it hands on nothing there. Files it names are looked into through `exportsOf`.
 * A member not exported by name is looked for in what is merged, as JavaScript would find it (the
 * last `Object.assign` or spread that has it, else the first `export *`; of Node's modules, those
 * that have it), then in the packages merged (chooseModule), then, for the importer's own reads,
 * in a default export that is a module (`import files from "./files.js"; files.readFileSync(…)`).
 */
export function ownFileTarget(exports: OwnFileExports, members: readonly string[], exportsOf: (file: string) => OwnFileExports | undefined): string | undefined {
  return lookIn(exports, members, { exportsOf, entered: new Set() }, 0)?.target;
}

/**
 * The text (or schema) importers read through members of one of the package's own files
 * (`DESCRIPTION` of `import { DESCRIPTION } from "./descriptions.js"`, `TOOLS.add.description`),
 * found as ownFileTarget finds a target: through re-exports and merges into the file that works it out.
 */
export function ownFileKept(kept: KeptReadings, file: string, members: readonly string[], exportsOf: (file: string) => OwnFileExports | undefined, wants?: Lookup["wants"]): string | undefined {
  return enter(file, members, { exportsOf, entered: new Set(), kept, ...(wants ? { wants } : {}) }, 0)?.text;
}

function lookIn(exports: OwnFileExports, members: readonly string[], lookup: Lookup, links: number): Found | undefined {
  const text = lookup.kept && members.length ? exports[lookup.kept]?.get(members.join(".")) : undefined;
  if (text !== undefined) return { target: undefined, text };
  const [member, ...rest] = members;
  const found = (value: ExportedValue | null | undefined, read: readonly string[]): Found => (value ? valueFound(value, read, lookup, links) : { target: undefined });
  if (member === undefined || (member === "default" && rest.length === 0)) {
    if (exports.named.has("default")) return found(exports.named.get("default"), []);
    return exports.merged.length === 1 ? found(exports.merged[0], []) : undefined;
  }
  // A CommonJS module's default is the module (`fs_1.default.readFileSync`).
  if (member === "default") return exports.named.has("default") ? found(exports.named.get("default"), rest) : lookIn(exports, rest, lookup, links);
  if (exports.named.has(member)) return found(exports.named.get(member), rest);
  const packages: string[] = [];
  const merged = mergedFound(exports, members, lookup, links, packages);
  if (merged) return merged;
  const module = chooseModule(packages, member);
  if (module !== undefined) return { target: moduleMembers(module, members) };
  // Only where the importer read the members from a default import, which names the file itself.
  const fallback = links === 0 ? exports.named.get("default") : undefined;
  const target = fallback ? valueFound(fallback, members, lookup, links).target : undefined;
  return target === undefined ? undefined : { target };
}

/** A value read through members: a target, or what the file it names has there (the package's name where a bundled package's file has nothing). */
function valueFound(value: ExportedValue, read: readonly string[], lookup: Lookup, links: number): Found {
  if ("target" in value) return { target: [value.target, ...read].join(".") };
  const members = value.member === undefined ? read : [value.member, ...read];
  const found = enter(value.file, members, lookup, links);
  if (found?.target !== undefined || found?.text !== undefined) return found;
  return { target: value.package === undefined ? undefined : moduleMembers(value.package, members) };
}

/** What a file has under members, entered once per lookup. */
function enter(file: string, members: readonly string[], lookup: Lookup, links: number): Found | undefined {
  const key = `${file}\n${JSON.stringify(members)}`;
  if (links >= MAX_LINKS || lookup.entered.size >= MAX_ENTERED || lookup.entered.has(key)) return undefined;
  lookup.entered.add(key);
  lookup.wants?.(file, members.join("."));
  const exports = lookup.exportsOf(file);
  return exports && lookIn(exports, members, lookup, links + 1);
}

/**
 * What the merges of a file give a member, replayed in order: a merge that has it replaces what an
 * earlier one gave, unless it keeps what is there (`export *`). Packages merged, whose members are
 * not known, go into `packages` for the caller to choose from.
 */
function mergedFound(exports: OwnFileExports, members: readonly string[], lookup: Lookup, links: number, packages: string[]): Found | undefined {
  let answer: Found | undefined;
  for (const value of exports.merged) {
    if (answer && value.keepsOwn) continue;
    const found = mergeHas(value, members, lookup, links, packages);
    if (found) answer = found;
  }
  return answer;
}

function mergeHas(value: ExportedValue, members: readonly string[], lookup: Lookup, links: number, packages: string[]): Found | undefined {
  if ("target" in value) {
    const module = value.target;
    if (moduleRank(module) === 2) return nodeModuleHas(module, members[0]!) ? { target: [module, ...members].join(".") } : undefined;
    packages.push(module);
    return undefined;
  }
  const found = enter(value.file, value.member === undefined ? members : [value.member, ...members], lookup, links);
  if (!found && value.package !== undefined) packages.push(value.package);
  return found;
}

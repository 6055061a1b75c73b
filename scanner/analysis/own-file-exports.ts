import { chooseModule, isOwnFile, moduleRank } from "@/scanner/analysis/bindings";
import type { FileExports } from "@/scanner/analysis/handed-on";
import type { ResolvedSpecifier } from "@/scanner/analysis/resolve-own-file";

/**
 * An exported value, as importers reach it: a module or a module's function, as call targets name
 * them (`child_process.exec`), or what another of the package's own files exports (by its path in
 * the package) under `member`, or that file itself. Files are named, not looked into, so that a
 * file's exports do not depend on the order the package's files are read in. A package bundled in
 * the tarball is its file, and its name (`package`) where that file hands nothing on.
 */
export type ExportedValue = { target: string } | { file: string; member?: string; package?: string };

/**
 * What one of the package's own files hands to the files that import it: by export name
 * (`exports.run = cp.exec`: run → child_process.exec; null for a value of the file's own, which
 * hides what is merged under that name), and merged into its exports (`module.exports = cp`,
 * `export * from "fs"`, `module.exports = require("./io")`).
 */
export interface OwnFileExports {
  named: ReadonlyMap<string, ExportedValue | null>;
  merged: readonly ExportedValue[];
}

// Honest files merge a few modules into their exports; of a flood of them, Node's modules and the
// first others are kept.
const MAX_MERGED_OTHERS = 64;

/**
 * What a file hands its importers (OwnFileExports), from what it exports (fileExports), with the
 * package's own files it names resolved (`resolve`, from this file); undefined when nothing.
 */
export function ownFileExports({ handed, others }: FileExports, resolve: (specifier: string) => ResolvedSpecifier | undefined): OwnFileExports | undefined {
  const named = new Map<string, ExportedValue | null>();
  const merged = new Map<string, ExportedValue>();
  // A CommonJS merge (`Object.assign(module.exports, fs)`) replaces names exported before it;
  // `export *` never replaces a name the module exports itself.
  let lastMerge = -1;
  let mergedOthers = 0;
  for (const { node, ref, exportedAs } of handed) {
    if (!exportedAs) continue;
    // A package is a module, unless it is bundled in the tarball (resolve finds its file).
    const resolved = moduleRank(ref.module) === 2 ? { module: ref.module } : (resolve(ref.module) ?? (isOwnFile(ref.module) ? undefined : { module: ref.module }));
    if (resolved === undefined) continue;
    const value: ExportedValue =
      "module" in resolved
        ? { target: moduleMember(resolved.module, ref.member) }
        : { file: resolved.file, ...(ref.member === undefined ? {} : { member: ref.member }), ...(isOwnFile(ref.module) ? {} : { package: ref.module }) };
    // Of a name exported with several values (`run = a ? cp.exec : cp.spawn`), the first.
    for (const name of exportedAs.names) if (!named.has(name)) named.set(name, value);
    if (!exportedAs.merged) continue;
    if (node.type !== "ExportAllDeclaration") lastMerge = Math.max(lastMerge, node.start);
    const key = JSON.stringify(value);
    const other = "file" in value || moduleRank(value.target) < 2;
    if (merged.has(key) || (other && mergedOthers >= MAX_MERGED_OTHERS)) continue;
    merged.set(key, value);
    if (other) mergedOthers++;
  }
  for (const { name, start } of others) if (!named.has(name) && start > lastMerge) named.set(name, null);
  const hands = merged.size > 0 || [...named.values()].some((value) => value !== null);
  return hands ? { named, merged: [...merged.values()] } : undefined;
}

/** A module's member as a call target; its `default` is the module (as CommonJS and Node's own modules have it). */
export const moduleMember = (module: string, member: string | undefined) => (member === undefined || member === "default" ? module : `${module}.${member}`);

/** The same exports written out, to tell whether a file hands on what it did when an importer read it. */
export const exportsSignature = (exports: OwnFileExports | undefined) => (exports ? JSON.stringify([[...exports.named].sort(), exports.merged]) : "");

// Files handing a module on to one another, followed this far from the importer.
const MAX_LINKS = 16;

/**
 * What importers reach through members of one of the package's own files (`members`: the names
 * read one after another, `ns.slurp` of `import { ns } from "./io"`; none, or `default`, for the
 * file itself, as `require("./run")(…)` or a default import reads it), as a call target, or
 * undefined when it hands on nothing there. Files it names are looked into through `exportsOf`.
 * A member not exported by name is looked for in what is merged (of `export * from "fs"; export *
 * from "child_process"`, the module that has it, chooseModule), then in a default export that is a
 * module (`import files from "./files.js"; files.readFileSync(…)`).
 */
export function ownFileTarget(exports: OwnFileExports, members: readonly string[], exportsOf: (file: string) => OwnFileExports | undefined, links = 0): string | undefined {
  if (links > MAX_LINKS) return undefined;
  const valueTarget = (value: ExportedValue | null | undefined, read: readonly string[]): string | undefined => {
    if (!value) return undefined;
    if ("target" in value) return [value.target, ...read].join(".");
    const other = exportsOf(value.file);
    const members = value.member === undefined ? read : [value.member, ...read];
    const target = other && ownFileTarget(other, members, exportsOf, links + 1);
    return target ?? (value.package === undefined ? undefined : [moduleMember(value.package, members[0]), ...members.slice(1)].join("."));
  };
  const [member, ...rest] = members;
  if (member === undefined || (member === "default" && rest.length === 0)) {
    if (exports.named.has("default")) return valueTarget(exports.named.get("default"), []);
    return exports.merged.length === 1 ? valueTarget(exports.merged[0], []) : undefined;
  }
  // A CommonJS module's default is the module (`fs_1.default.readFileSync`).
  if (member === "default") return exports.named.has("default") ? valueTarget(exports.named.get("default"), rest) : ownFileTarget(exports, rest, exportsOf, links + 1);
  if (exports.named.has(member)) return valueTarget(exports.named.get(member), rest);
  // What is merged from the package's own files, by name; then the modules merged, here and there.
  const modules: string[] = [];
  const found = mergedTarget(exports, members, exportsOf, modules, links);
  if (found !== undefined) return found;
  const module = chooseModule(modules, member);
  if (module !== undefined) return [module, ...members].join(".");
  return valueTarget(exports.named.get("default"), members);
}

/** Members exported by name by a file merged into these exports (also through files merged into it), or undefined; the modules merged on the way go into `modules`. */
function mergedTarget(exports: OwnFileExports, members: readonly string[], exportsOf: (file: string) => OwnFileExports | undefined, modules: string[], links: number): string | undefined {
  for (const value of exports.merged) {
    if ("target" in value) {
      modules.push(value.target);
      continue;
    }
    const other = links < MAX_LINKS && value.member === undefined ? exportsOf(value.file) : undefined;
    // A bundled package that hands nothing on is a module merged under its name.
    if (!other && value.package !== undefined) modules.push(value.package);
    if (!other) continue;
    if (other.named.has(members[0]!)) {
      const target = ownFileTarget(other, members, exportsOf, links + 1);
      if (target !== undefined) return target;
      continue;
    }
    const found = mergedTarget(other, members, exportsOf, modules, links + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

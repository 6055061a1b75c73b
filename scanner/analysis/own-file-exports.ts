import { posix } from "node:path";
import { chooseModule, isOwnFile } from "@/scanner/analysis/bindings";
import type { HandedOn } from "@/scanner/analysis/handed-on";

/**
 * What one of the package's own files hands to the files that import it, as call targets name
 * modules and their functions: by export name (`exports.run = cp.exec`: run → child_process.exec),
 * and as the module itself (`module.exports = cp`, `export * from "fs"`): `merged`.
 */
export interface OwnFileExports {
  named: ReadonlyMap<string, string>;
  merged: readonly string[];
}

// Honest files merge a few modules into their exports; the rest of a flood of them is not looked through.
const MAX_MERGED = 64;

/**
 * What a file hands on (handedOn), by the names importers read it by; undefined when nothing. A
 * target that is itself a file of the package's own is left out: its name is relative to this
 * file, not to the importer (handedOn works those out through this file's own imports).
 */
export function ownFileExports(handed: readonly HandedOn[]): OwnFileExports | undefined {
  const named = new Map<string, string>();
  const merged = new Set<string>();
  for (const { target, exportedAs } of handed) {
    if (!exportedAs || isOwnFile(target)) continue;
    // Of a name exported with several values (`run = a ? cp.exec : cp.spawn`), the first.
    for (const name of exportedAs.names) if (!named.has(name)) named.set(name, target);
    if (exportedAs.merged && merged.size < MAX_MERGED) merged.add(target);
  }
  return named.size || merged.size ? { named, merged: [...merged] } : undefined;
}

/** The same exports written out, to tell whether a file hands on what it did when an importer read it. */
export const exportsSignature = (exports: OwnFileExports | undefined) => (exports ? JSON.stringify([[...exports.named].sort(), exports.merged]) : "");

/**
 * What importers reach through a member of an own file (`member` undefined: the module itself, as
 * `require("./run")(…)` or a default import reads it), as a call target, or undefined when it
 * hands on nothing there. A member not exported by name is looked for in what it merges: of
 * `export * from "fs"; export * from "child_process"`, the module that has it (chooseModule).
 */
export function ownFileTarget(exports: OwnFileExports, member: string | undefined): string | undefined {
  if (member === undefined || member === "default") return exports.named.get("default") ?? (exports.merged.length === 1 ? exports.merged[0] : undefined);
  const named = exports.named.get(member);
  if (named !== undefined) return named;
  const module = chooseModule(exports.merged, member);
  return module === undefined ? undefined : `${module}.${member}`;
}

// What Node and TypeScript try after a relative specifier: the file, then with an extension, then
// the folder's index. TypeScript's ES modules import `./x.js` for the source file x.ts.
const EXTENSIONS = ["", ".js", ".cjs", ".mjs", ".ts", ".cts", ".mts", ".tsx", ".jsx"];
const SOURCE_OF = new Map([[".js", [".ts", ".tsx"]], [".mjs", [".mts"]], [".cjs", [".cts"]], [".jsx", [".tsx"]]]);

/**
 * The package file a relative specifier (`./shell`, `../lib/run.js`) names from `importer`, as
 * Node or TypeScript would find it among `files` (paths relative to the package root), or
 * undefined: not relative, outside the package, or no such file.
 */
export function resolveOwnFile(importer: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  if (!isOwnFile(specifier) || specifier.startsWith("/")) return undefined;
  // `.`, `./` and `lib/` name folders; the package root is "" (its files are `index.js`, not `./index.js`).
  const base = posix.join(posix.dirname(importer), specifier).replace(/\/+$/, "").replace(/^\.$/, "");
  if (base === ".." || base.startsWith("../")) return undefined;
  const found = (file: string) => (files.has(file) ? file : undefined);
  const stem = base.slice(0, base.length - posix.extname(base).length);
  return (
    EXTENSIONS.map((extension) => found(base + extension)).find(Boolean) ??
    (SOURCE_OF.get(posix.extname(base)) ?? []).map((extension) => found(stem + extension)).find(Boolean) ??
    EXTENSIONS.slice(1).map((extension) => found(`${base ? `${base}/` : ""}index${extension}`)).find(Boolean)
  );
}

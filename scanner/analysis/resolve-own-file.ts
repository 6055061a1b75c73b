import { posix } from "node:path";
import { isOwnFile, moduleRank } from "@/scanner/analysis/bindings";
import { normalise } from "@/scanner/analysis/module-bindings";

/** What a specifier of the package's own names: one of its files (by path in the package), or, through package.json's `imports`, a module. */
export type ResolvedSpecifier = { file: string } | { module: string };

/** The package's files, by path relative to its root, and the package.json of a folder (its path, "" for the root), if it has one. */
export interface PackageLayout {
  files: ReadonlySet<string>;
  /** The names of the packages the tarball holds (`node_modules/helper`, `@scope/tool`), from their package.json files: what bare specifiers may name. */
  bundledNames: ReadonlySet<string>;
  /** Whether a package's name may name the package's own code: bundled packages, or its own name with `exports` (self-reference). */
  namesPackages: boolean;
  manifestOf(folder: string): Record<string, unknown> | undefined;
}

// What Node's require tries after a relative specifier, then in a folder; TypeScript's, for a
// TypeScript importer, which also imports `./x.js` for the source file x.ts.
const NODE_EXTENSIONS = ["", ".js", ".json", ".node"];
const NODE_INDEXES = ["index.js", "index.json", "index.node"];
const TYPESCRIPT_EXTENSIONS = ["", ".ts", ".tsx", ".js", ".jsx", ".mts", ".cts", ".mjs", ".cjs"];
const TYPESCRIPT_INDEXES = ["index.ts", "index.tsx", "index.js", "index.jsx"];
const SOURCE_OF = new Map([[".js", [".ts", ".tsx"]], [".mjs", [".mts"]], [".cjs", [".cts"]], [".jsx", [".tsx"]]]);
/** Whether a file is TypeScript, whose imports TypeScript resolves. */
const isTypeScript = (file: string) => /\.[cm]?tsx?$/.test(file);

/** A specifier as a path: ES modules' `./io.js?v=2`, `./io.js#x` and `./i%6F.js` load io.js. */
function specifierPath(specifier: string): string {
  const path = specifier.replace(/[?#].*$/s, "");
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** A path inside the package ("" for its root), or undefined for one that leaves it. */
function inPackage(path: string): string | undefined {
  const normal = posix.normalize(path).replace(/\/$/, "").replace(/^\.$/, "");
  return normal === ".." || normal.startsWith("../") || normal.startsWith("/") ? undefined : normal;
}

/**
 * The package file a relative specifier (`./shell`, `../lib/run.js`) names from `importer`, as
 * Node's require (or TypeScript, for a TypeScript importer) would find it: the file, with an
 * extension, or the folder's package.json `main` or index; a specifier ending in `/` names a
 * folder only.
 */
function resolveRelative(importer: string, specifier: string, { files, manifestOf }: PackageLayout): string | undefined {
  const path = specifierPath(specifier);
  const folderOnly = /(^|\/)\.{0,2}$/.test(path);
  const base = inPackage(posix.join(posix.dirname(importer), path));
  if (base === undefined) return undefined;
  const typescript = isTypeScript(importer);
  const first = (stem: string, endings: readonly string[]) => {
    for (const ending of endings) if (files.has(stem + ending)) return stem + ending;
    return undefined;
  };
  const asFile = (stem: string) => {
    const extension = posix.extname(stem);
    return first(stem, typescript ? TYPESCRIPT_EXTENSIONS : NODE_EXTENSIONS) ?? (typescript ? first(stem.slice(0, stem.length - extension.length), SOURCE_OF.get(extension) ?? []) : undefined);
  };
  const inFolder = () => {
    const folder = base ? `${base}/` : "";
    const main = manifestOf(base)?.main;
    const fromMain = typeof main === "string" && main ? (asFile(posix.join(folder, main)) ?? first(`${posix.join(folder, main)}/`, NODE_INDEXES)) : undefined;
    return fromMain ?? first(folder, typescript ? TYPESCRIPT_INDEXES : NODE_INDEXES);
  };
  return (folderOnly || !base ? undefined : asFile(base)) ?? inFolder();
}

// The conditions Node matches: an ES module's import, or CommonJS's require.
const IMPORT_CONDITIONS: ReadonlySet<string> = new Set(["node", "import", "module-sync", "default"]);
const REQUIRE_CONDITIONS: ReadonlySet<string> = new Set(["node", "require", "module-sync", "default"]);

/**
 * The conditions an importer loads with: `import` for an ES module (`.mjs`, `.mts`, or a `.js`/`.ts`
 * file of a package whose nearest package.json says `"type": "module"`), else `require`. A CommonJS
 * file's `import()` loads with `import` too, which is not told apart here.
 */
function conditionsOf(importer: string, layout: PackageLayout): ReadonlySet<string> {
  if (/\.m[jt]s$/.test(importer)) return IMPORT_CONDITIONS;
  if (/\.c[jt]s$/.test(importer)) return REQUIRE_CONDITIONS;
  return nearestManifest(importer, layout)?.manifest.type === "module" ? IMPORT_CONDITIONS : REQUIRE_CONDITIONS;
}

/** The folder a path is in, "" for the package root. */
const folderOf = (path: string) => posix.dirname(path).replace(/^\.$/, "");

/** The package.json nearest above a file (the package scope Node gives it), with its folder. */
function nearestManifest(file: string, layout: PackageLayout): { folder: string; manifest: Record<string, unknown> } | undefined {
  for (let folder = folderOf(file); ; folder = folderOf(folder)) {
    const manifest = layout.manifestOf(folder);
    if (manifest) return { folder, manifest };
    if (!folder) return undefined;
  }
}

/**
 * An `imports` or `exports` target, as a string: of conditions (`{ "import": …, "require": … }`),
 * the first in the map's own order that the importer matches, as Node takes it; of fallback
 * arrays, the first that gives one.
 */
function importTarget(target: unknown, conditions: ReadonlySet<string>, depth = 0): string | undefined {
  if (typeof target === "string") return target;
  if (depth > 8 || target === null || typeof target !== "object") return undefined;
  if (Array.isArray(target)) return target.map((item) => importTarget(item, conditions, depth + 1)).find((item) => item !== undefined);
  for (const [condition, value] of Object.entries(target as Record<string, unknown>)) {
    if (!conditions.has(condition)) continue;
    const chosen = importTarget(value, conditions, depth + 1);
    if (chosen !== undefined) return chosen;
  }
  return undefined;
}

/**
 * What package.json's `imports` map a `#name` specifier to, from the package.json nearest above
 * `importer`: a file of the package (`"#shell": "./lib/shell.js"`, also by pattern, `"#lib/*":
 * "./lib/*.js"`), or a module (`"#cp": "child_process"`).
 */
function resolveImport(importer: string, specifier: string, layout: PackageLayout): ResolvedSpecifier | undefined {
  const nearest = nearestManifest(importer, layout);
  const imports = nearest?.manifest.imports;
  if (!nearest || !imports || typeof imports !== "object") return undefined;
  const scope = nearest.folder;
  const conditions = conditionsOf(importer, layout);
  let target = importTarget((imports as Record<string, unknown>)[specifier], conditions);
  if (target === undefined) {
    // Node takes the pattern with the longest part before its `*`.
    const pattern = patternKeys(imports as Record<string, unknown>).find((key) => specifier.startsWith(key.slice(0, key.indexOf("*"))) && specifier.endsWith(key.slice(key.indexOf("*") + 1)));
    const matched = pattern && importTarget((imports as Record<string, unknown>)[pattern], conditions);
    if (pattern && matched) target = matched.replaceAll("*", specifier.slice(pattern.indexOf("*"), specifier.length - (pattern.length - pattern.indexOf("*") - 1)));
  }
  // Node refuses targets that are paths not starting with `./`.
  if (target === undefined || (!target.startsWith("./") && isOwnFile(target))) return undefined;
  if (!target.startsWith("./")) {
    // A package's name: bundled in the tarball, it is the package's own code.
    const bundled = moduleRank(target) === 1 ? resolveBundled(importer, target, layout) : undefined;
    return bundled === undefined ? { module: normalise(target) } : { file: bundled };
  }
  const file = inPackage(posix.join(scope, target));
  return file !== undefined && layout.files.has(file) ? { file } : undefined;
}

// Honest imports maps have a few patterns; a flood of them is not tried past these.
const MAX_PATTERNS = 256;
const patternsOf = new WeakMap<object, string[]>();

/** An imports map's pattern keys (`#lib/*`), longest prefix first, worked out once per map. */
function patternKeys(imports: Record<string, unknown>): string[] {
  let keys = patternsOf.get(imports);
  if (!keys) {
    keys = Object.keys(imports)
      .filter((key) => key.includes("*"))
      .sort((a, b) => b.indexOf("*") - a.indexOf("*"))
      .slice(0, MAX_PATTERNS);
    patternsOf.set(imports, keys);
  }
  return keys;
}

/** What a package.json's `exports` map a subpath (`.`, `./shell`) to, exactly (patterns are not followed): `./…` in the package, or undefined. */
function exportedPath(exports: unknown, subpath: string, conditions: ReadonlySet<string>): string | undefined {
  if (typeof exports === "string" || Array.isArray(exports)) return subpath === "." ? importTarget(exports, conditions) : undefined;
  if (exports === null || typeof exports !== "object") return undefined;
  const map = exports as Record<string, unknown>;
  // Keys starting with "." map subpaths; others are conditions of ".".
  const bySubpath = Object.keys(map).some((key) => key.startsWith("."));
  return importTarget(bySubpath ? map[subpath] : subpath === "." ? map : undefined, conditions);
}

/**
 * The file of a package bundled in the tarball that a bare specifier (`helper`, `@scope/helper/run`)
 * names from `importer`, as Node finds it: in the nearest `node_modules` folder above the importer
 * that has it, through its package.json's `exports`, else its `main` or index, or the subpath.
 */
function resolveBundled(importer: string, specifier: string, layout: PackageLayout): string | undefined {
  if (layout.bundledNames.size === 0) return undefined;
  const parts = specifier.split("/");
  const length = specifier.startsWith("@") ? 2 : 1;
  const name = parts.slice(0, length).join("/");
  if (!layout.bundledNames.has(name)) return undefined;
  const subpath = parts.length > length ? `./${parts.slice(length).join("/")}` : ".";
  for (let folder = folderOf(importer); ; folder = folderOf(folder)) {
    // Node looks in no `node_modules/node_modules`; and only a folder with a package.json is a package here.
    const root = `${folder ? `${folder}/` : ""}node_modules/${name}`;
    const manifest = posix.basename(folder) !== "node_modules" && layout.files.has(`${root}/package.json`) ? layout.manifestOf(root) : undefined;
    if (manifest) {
      if (manifest.exports !== undefined) {
        const target = exportedPath(manifest.exports, subpath, conditionsOf(importer, layout));
        const file = target?.startsWith("./") ? inPackage(posix.join(root, target)) : undefined;
        return file !== undefined && layout.files.has(file) ? file : undefined;
      }
      return resolveRelative(`${root}/package.json`, subpath === "." ? "./" : subpath, layout);
    }
    if (!folder) return undefined;
  }
}

/** A package's own name (`my-server`, `my-server/shell`), which Node resolves through its own package.json's `exports` (self-reference). */
function resolveSelf(importer: string, specifier: string, layout: PackageLayout): string | undefined {
  const manifest = layout.manifestOf("");
  const name = manifest?.name;
  if (typeof name !== "string" || !name || manifest?.exports === undefined || (specifier !== name && !specifier.startsWith(`${name}/`))) return undefined;
  const target = exportedPath(manifest.exports, specifier === name ? "." : `.${specifier.slice(name.length)}`, conditionsOf(importer, layout));
  const file = target?.startsWith("./") ? inPackage(target) : undefined;
  return file !== undefined && layout.files.has(file) ? file : undefined;
}

/**
 * What a specifier names from `importer` in the package itself (ResolvedSpecifier): for a relative
 * one (`./shell`), the file Node's require, or TypeScript for a TypeScript importer, would load; for
 * a `#name`, what package.json's `imports` maps it to; for the package's own name, what its
 * `exports` map it to; for another package's name, its file when the tarball bundles it
 * (`node_modules/…`). Undefined for Node's modules, other packages, paths out of
 * the package and files it does not have.
 */
export function resolveOwnFile(importer: string, specifier: string, layout: PackageLayout): ResolvedSpecifier | undefined {
  if (specifier.startsWith("#")) return resolveImport(importer, specifier, layout);
  if (specifier.startsWith("/")) return undefined;
  if (!isOwnFile(specifier)) {
    const file = moduleRank(specifier) !== 1 ? undefined : (resolveSelf(importer, specifier, layout) ?? resolveBundled(importer, specifier, layout));
    return file === undefined ? undefined : { file };
  }
  const file = resolveRelative(importer, specifier, layout);
  return file === undefined ? undefined : { file };
}

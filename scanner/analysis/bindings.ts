import { builtinModules, createRequire } from "node:module";
import type { Node } from "@/scanner/analysis/ast";
import { declarationScope } from "@/scanner/analysis/name-uses";
import { ScopeIndex } from "@/scanner/analysis/scope-index";
import type { WebpackBundles } from "@/scanner/analysis/webpack-bundle";

/**
 * What a local name refers to: a module (`cp` ← child_process) or one of its exports, or a
 * platform function under another name (`send` ← fetch), which is told as a module of its name.
 */
export interface Binding {
  module: string;
  /** Undefined for the module object itself (namespace or default import, whole require). */
  member?: string;
  /**
   * What the name is if not a module: the require function (`const r = require`, createRequire's
   * result), a module interop helper whatever it is called now, or webpack's getter of a module's
   * default export (`t = r.n(fs)`), whose call is the module and whose name is not.
   */
  role?: "require" | "interop" | "getter";
  /**
   * For a load of a webpack id that the package's files give several modules: all of them. `module`
   * is the one chosen without the member read; a use that reads one chooses again (chooseModule).
   */
  candidates?: readonly string[];
  /** Where the name was bound so (declarations, or a callback's parameter), whose scopes are the binding's. */
  declarations: Node[];
  /**
   * For a platform function's other name: whether an identifier is a use of it (isUseOf), not a
   * namesake. Minified bundles call `Function` `e` in one function and a parameter `e` in the next.
   */
  usedAt?: (identifier: Node) => boolean;
}

/** The file whose names are bound. */
export interface BoundFile {
  program: Node;
  source: string;
  /**
   * The call target members of a file of the package's own that this file imports (by its
   * specifier here, `./shell`) are, where that file hands a module or a module's function on under
   * them (`members` read one after another; none: the module itself), as far as the package's
   * analysis knows (analysePackageFiles); undefined when it hands on nothing there.
   */
  ownFileMember?: (specifier: string, members: readonly string[]) => string | undefined;
  /** The text members of such a file are, where that file works it out (exportedReadings), as far as the package's analysis knows. */
  ownFileText?: (specifier: string, members: readonly string[]) => string | undefined;
  /** The input schema such a file exports under members, as its reading's answer (schemaAnswer), as far as the package's analysis knows. */
  ownFileSchema?: (specifier: string, members: readonly string[]) => string | undefined;
  /** Whether a package's name names the package's own code: one bundled in the tarball (`node_modules/x`), or the package itself (self-reference). */
  ownsPackage?: (module: string) => boolean;
  /** The module name an expression other than a string literal spells, where it can be worked out (speltSpecifiers). */
  speltSpecifier?: (specifier: Node) => string | undefined;
}

interface NameBindings {
  /** The name's bindings, by what they bind it to. */
  byTarget: Map<string, Binding>;
  /** Which one counts where, built when first asked after a change. */
  index?: ScopeIndex<Binding>;
}

// Of one scope's declarations of a name, any may be in force (`try { var cp = require("child_process")
// } catch { var cp = require("./shim") }`, or a dead `if (0) var cp = require("lodash")`): a Node
// module, which the rules know best, counts before a package, and a package before a file of the
// package's own; of several Node modules, the ones that have the member read (Bindings.at).
const NODE_MODULES = new Set(builtinModules);
// Node's own modules only (NODE_MODULES), never a package's code: engines from Node 20.0 lack process.getBuiltinModule.
const requireNodeModule = createRequire(import.meta.url);
/** Whether a module name is a path (`./shell`, `../lib/run.js`) or a name package.json's `imports` maps (`#shell`): the package's own, not another package. */
export const isOwnFile = (module: string) => module.startsWith(".") || module.startsWith("/") || module.startsWith("#");
/** How surely a module is the one meant, of several a name or id could be: a Node module 2, a package 1, a file of the package's own 0. */
export const moduleRank = (module: string) => (NODE_MODULES.has(module) ? 2 : isOwnFile(module) ? 0 : 1);
const rankInScope = (binding: Binding) => moduleRank(binding.module);

/** Whether a Node module has this member, as the scanner's own Node has it. */
export function nodeModuleHas(module: string, member: string): boolean {
  return NODE_MODULES.has(module) && Object.hasOwn(requireNodeModule(module) as Record<string, unknown>, member);
}

/** Whether a binding is a Node module (itself, not one of its members) that has this member. */
const hasMember = (binding: Binding, member: string) => binding.member === undefined && binding.role === undefined && nodeModuleHas(binding.module, member);

/**
 * Of several modules one thing may be (a webpack id that the package's files give to different
 * modules), the one most surely meant: given the member read from it, none of Node's modules that
 * lack it; then the highest rank (a Node module, a package, a file of the package's own); then the first.
 */
export function chooseModule(candidates: readonly string[], member?: string): string | undefined {
  if (candidates.length < 2) return candidates[0];
  // A Node module without the member read is surely not the one (`os.execaCommand` would throw).
  const possible = member === undefined || member === "default" ? candidates : candidates.filter((module) => !NODE_MODULES.has(module) || nodeModuleHas(module, member));
  const from = possible.length > 0 ? possible : candidates;
  const top = Math.max(...from.map(moduleRank));
  return from.find((module) => moduleRank(module) === top);
}

/** FNV-1a, 32 bits. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * A file's names bound to modules, to require and to interop helpers. One short name may be bound
 * to a different module in every function of a minified bundle: each binding counts in the scopes
 * of its declarations, the innermost around a use, as JavaScript's scoping has it, and nowhere
 * else. (A name bound once still counts through any namesake within its scope, which errs
 * toward reporting.)
 */
export class Bindings {
  private readonly names = new Map<string, NameBindings>();
  // For each declaration, what it binds: moduleBindings' fixed point stops when a pass repeats an
  // earlier one. The fingerprint sums a hash of each placement, to tell most differing passes apart at once.
  private readonly placements = new Map<Node, string>();
  private fingerprint = 0;
  /** The webpack bundles in the file, whose loaders load modules by id. */
  webpack: WebpackBundles = { all: [], byId: new Map(), defined: new Map() };
  /** Set when the names bound through one another had not settled after moduleBindings' last pass. */
  unsettled = false;
  /** Whether some name is bound to the package's own code (ownsModule), whose members may be any module's functions. */
  bindsOwnFiles = false;
  /** The names the file declares functions and variables under: a helper's name declared here is the file's own function, whatever it is called. */
  declaredNames: ReadonlySet<string> = new Set();

  constructor(readonly file: BoundFile) {}

  /** Whether a module is the package's own code: one of its files (isOwnFile), or a package's name that names its own code (BoundFile.ownsPackage). */
  ownsModule(module: string): boolean {
    return isOwnFile(module) || (this.file.ownsPackage !== undefined && !NODE_MODULES.has(module) && this.file.ownsPackage(module));
  }

  /** Every binding, with its name. */
  *entries(): Generator<[string, Binding]> {
    for (const [name, named] of this.names) for (const binding of named.byTarget.values()) yield [name, binding];
  }

  /** Every binding of an identifier's name whose scope holds it: of one scope's several (`try { fs = require("graceful-fs") } catch { fs = require("fs") }`), any may be in force. */
  allAt(identifier: Node): Binding[] {
    const named = this.names.get(identifier.name as string);
    if (!named) return [];
    const holds = (declaration: Node) => {
      const scope = declarationScope(this.file.program, declaration);
      return scope.start <= identifier.start && identifier.end <= scope.end;
    };
    return [...named.byTarget.values()].filter((binding) => binding.declarations.some(holds));
  }

  /** Whether the name is bound anywhere in the file. */
  has(name: string): boolean {
    return this.names.has(name);
  }

  /**
   * The binding an identifier refers to where it is: the one declared in the innermost scope around
   * it, if any. Given the member read from it (`cp.exec`), of several Node modules bound in that
   * scope the ones that have that member count first: `var cp = require("child_process"); if (0)
   * var cp = require("os")` leaves `cp.exec` child_process's.
   */
  at(identifier: Node, member?: string): Binding | undefined {
    const named = this.names.get(identifier.name as string);
    if (!named) return undefined;
    named.index ??= new ScopeIndex(
      [...named.byTarget.values()].flatMap((binding) => binding.declarations.map((declaration) => ({ scope: declarationScope(this.file.program, declaration), declaration, value: binding }))),
      rankInScope,
    );
    if (member === undefined) return named.index.at(identifier.start);
    const binding = named.index.at(identifier.start, hasMember, member);
    const chosen = binding?.candidates ? chooseModule(binding.candidates, member) : undefined;
    return chosen === undefined || chosen === binding!.module ? binding : { ...binding!, module: chosen };
  }

  /**
   * Binds a name to a module member, or to the module itself when the member is `default`: the
   * default export of a CommonJS module, which Node's built-ins and most npm packages are, is the
   * module (`import fs from "fs"`, compiled to `fs_1.default.readFileSync`). Returns the binding
   * the declaration joined: one per module, member and role, whatever the number of declarations.
   */
  bind(name: string, module: string, member: string | undefined, declaration: Node, role?: Binding["role"], candidates?: readonly string[]): Binding {
    const effectiveMember = member === "default" ? undefined : member;
    const target = `${module}\n${effectiveMember ?? ""}\n${role ?? ""}\n${candidates?.join("\n") ?? ""}`;
    let named = this.names.get(name);
    if (!named) this.names.set(name, (named = { byTarget: new Map() }));
    let binding = named.byTarget.get(target);
    if (!binding) {
      binding = { module, declarations: [] };
      if (effectiveMember !== undefined) binding.member = effectiveMember;
      if (role) binding.role = role;
      if (candidates) binding.candidates = candidates;
      named.byTarget.set(target, binding);
    }
    binding.declarations.push(declaration);
    if (this.ownsModule(module)) this.bindsOwnFiles = true;
    named.index = undefined;
    const placement = `${name}\n${target}\n`;
    this.placements.set(declaration, `${this.placements.get(declaration) ?? ""}${placement}`);
    this.fingerprint = (this.fingerprint + hash(placement) * (declaration.start + 1)) | 0;
    return binding;
  }

  /** Whether every declaration binds what it binds in another pass over the same file. */
  sameAs(other: Bindings): boolean {
    if (other.fingerprint !== this.fingerprint || other.placements.size !== this.placements.size) return false;
    for (const [declaration, placed] of this.placements) if (other.placements.get(declaration) !== placed) return false;
    return true;
  }
}

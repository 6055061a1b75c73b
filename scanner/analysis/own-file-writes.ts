import { type Node, propertyName, unwrap } from "@/scanner/analysis/ast";
import { declaresName, type IdentifierIndex, type IdentifierUse } from "@/scanner/analysis/identifier-index";
import { type Bindings, moduleOf, ownCodeRead } from "@/scanner/analysis/module-bindings";
import { ancestorsOf } from "@/scanner/analysis/name-uses";
import { changesArgument, isWrittenMember, memberChainAround, nameGivenTo } from "@/scanner/analysis/object-changes";

// How many names given one another in turn (`const a = t.TOOLS; const b = a.sub`) are followed.
const MAX_ALIASES = 4;

/** A member path of one of the package's own files that a file may give another value (ownFileWrites). */
export interface OwnFileWrite {
  specifier: string;
  members: string[];
}

/**
 * The member paths of the package's own files this file may write: `require("./texts").A = …`,
 * `texts.TOOLS.add.description += …` (a namespace or a required module under a name),
 * `Object.assign(texts.TOOLS.add, …)`, a path written by brackets (`texts[k] = …`: all of
 * `texts`), also through a name a member's object is given (`const t = texts.TOOLS;
 * t.add.description = …`). What another file exports under such a path is not what it says there: a description
 * kept harmless in `texts.js` and poisoned from another file is no known text.
 */
export function ownFileWrites(bindings: Bindings, identifiers: IdentifierIndex): OwnFileWrite[] {
  const writes: OwnFileWrite[] = [];
  const { program } = bindings.file;
  // A member's object given a name of its own is written through that name when any use of the
  // name (namesakes too) writes a member of it: worked out once per name (a name met again while
  // it is being worked out adds nothing), so names given one another over and over cost their uses.
  const aliases = new Map<string, boolean>();
  const aliasWritten = (alias: string, depth: number): boolean => {
    const known = aliases.get(alias);
    if (known !== undefined || depth >= MAX_ALIASES) return known ?? false;
    aliases.set(alias, false);
    const written = identifiers.named(alias).some((use) => !declaresName(use) && writtenPath(use, program, (next) => aliasWritten(next, depth + 1)) !== undefined);
    aliases.set(alias, written);
    return written;
  };
  const record = (use: IdentifierUse) => {
    const written = writtenPath(use, program, (alias) => aliasWritten(alias, 0));
    const read = written && ownCodeRead(written, bindings);
    if (read) writes.push({ specifier: read.module, members: read.members });
  };
  if (bindings.bindsOwnFiles) {
    const names = new Set<string>();
    for (const [name, binding] of bindings.entries()) if (binding.role === undefined && bindings.ownsModule(binding.module)) names.add(name);
    // Not the declarations that bind them (`const { TOOLS } = require("./texts")`).
    for (const [, uses] of identifiers.namedAmong(names)) for (const use of uses) if (!declaresName(use)) record(use);
  }
  // In place: `require("./texts").A = …`.
  for (const use of identifiers.named("require")) {
    const call = use.parent;
    if (call.type !== "CallExpression" || call.callee !== use.node) continue;
    const module = moduleOf(call, bindings);
    if (module !== undefined && bindings.ownsModule(module)) record({ node: call, parent: use.grandparent!, grandparent: undefined });
  }
  return writes;
}

/**
 * The static part of the member chain from a use that code may write (isWrittenMember, a
 * function that changes what it is handed, a name given it that writes a member of it), or
 * undefined: `texts.TOOLS` of `texts.TOOLS[k].description = …`, whose members past a computed
 * one may be any.
 */
function writtenPath(use: IdentifierUse, program: Node, aliasWritten: (name: string) => boolean): Node | undefined {
  const root = use.node;
  const { outer, around } = memberChainAround(use, program);
  if (around === undefined || (outer === root && around.type === "MemberExpression")) return undefined;
  // The name itself given another value is a variable of this file's (StaticValues reads no text through it), not the module.
  if (outer === root) return around.type === "CallExpression" && around.callee !== outer && changesArgument(around, outer) ? root : undefined;
  // The chain up to its first computed member, the lowest one met going down from the outermost.
  let written = outer;
  for (let member = outer; member !== root; member = unwrap(member.object as Node)) if (propertyName(member) === undefined) written = unwrap(member.object as Node);
  // A property's value is written only in a destructuring target (`({ a: texts.A } = v)`), not in an object literal.
  if (around.type === "Property") {
    const path = ancestorsOf(program, root);
    return around.value === outer && path[path.indexOf(around) - 1]?.type === "ObjectPattern" ? written : undefined;
  }
  const changed = isWrittenMember(outer, around) || (around.type === "CallExpression" && around.callee !== outer && changesArgument(around, outer));
  if (changed) return written;
  // `const sub = texts.TOOLS.sub; sub.description = …`.
  const alias = nameGivenTo(outer, around);
  return alias?.type === "Identifier" && aliasWritten(alias.name as string) ? written : undefined;
}

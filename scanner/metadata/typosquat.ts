import { distance } from "fastest-levenshtein";
import type { ScanFinding } from "@/scanner/rules/rule";

// ASCII lookalikes (npm names are lowercase ASCII, so these are the homoglyphs available).
const LOOKALIKES: [RegExp, string][] = [
  [/rn/g, "m"],
  [/vv/g, "w"],
  [/0/g, "o"],
  [/[1il|]/g, "l"],
  [/5/g, "s"],
  [/[-_.]/g, ""],
];

/** A name reduced to what a reader sees: lookalikes folded, separators dropped. */
export function skeleton(name: string): string {
  return LOOKALIKES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), name.toLowerCase());
}

const unscoped = (name: string) => name.replace(/^@[^/]+\//, "");

// Names too generic to belong to one publisher: @vercel/mcp does not imitate @playwright/mcp.
const GENERIC = new Set(["mcp", "mcp-server", "server", "sdk", "inspector", "cli"]);

/**
 * Whether `name` imitates a well-known package: the same name once lookalikes and separators
 * are folded, the same name without its scope or under another scope, or within a small edit
 * distance. The well-known package itself is not a squat of itself.
 */
export function typosquatTarget(name: string, wellKnown: string[]): { target: string; how: string } | undefined {
  if (wellKnown.includes(name)) return undefined;
  const scopeOf = (n: string) => (n.startsWith("@") ? n.slice(1, n.indexOf("/")) : undefined);
  for (const target of wellKnown) {
    if (skeleton(name) === skeleton(target)) return { target, how: "looks the same once lookalike characters and separators are folded" };
    const [scope, targetScope] = [scopeOf(name), scopeOf(target)];
    if (scope && targetScope && unscoped(name) === unscoped(target)) {
      const d = distance(scope, targetScope);
      if (d > 0 && d <= (targetScope.length >= 8 ? 3 : 1)) return { target, how: `takes its name under a scope ${d} edit${d === 1 ? "" : "s"} from @${targetScope}` };
    }
    const bare = unscoped(target);
    if (target.startsWith("@") && !GENERIC.has(bare) && (name === bare || name === `${target.slice(1).replace("/", "-")}` || unscoped(name) === bare)) {
      return { target, how: name.startsWith("@") ? "takes its name under another scope" : "takes its name without its scope" };
    }
  }
  for (const target of wellKnown) {
    const allowed = unscoped(target).length >= 8 ? 2 : 1;
    const d = distance(unscoped(name), unscoped(target));
    const sameScope = name.startsWith("@") === target.startsWith("@") && (!name.startsWith("@") || name.split("/")[0] === target.split("/")[0]);
    if (d > 0 && d <= allowed && (sameScope || !name.startsWith("@"))) return { target, how: `is ${d} edit${d === 1 ? "" : "s"} away` };
  }
  return undefined;
}

export function typosquatFindings(name: string, wellKnown: string[]): ScanFinding[] {
  const squat = typosquatTarget(name, wellKnown);
  if (!squat) return [];
  return [
    {
      rule: "typosquat",
      category: "typosquat",
      severity: "high",
      file: "package.json",
      line: 1,
      message: `The package name ${name} ${squat.how} from the well-known MCP package ${squat.target}`,
      evidence: `"name": "${name}"`,
    },
  ];
}

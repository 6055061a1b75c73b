import { type Node, propertyValue, unwrap } from "@/scanner/analysis/ast";
import { calleeTarget, effectiveCall, lastNamesOf, mayTarget } from "@/scanner/analysis/module-bindings";
import type { StaticValues } from "@/scanner/analysis/static-value";
import type { SourceContext } from "@/scanner/rules/rule";
import type { RunsAs } from "@/scanner/rules/spawn-launch";

// Process-spawning calls: those that hand a command line to a shell, which may run several
// programs (`git status; curl … | sh`); those that split a line into words and run the first,
// with no shell; and those given the file to run (a shell too with `shell: true`).
const SHELL = new Set(["child_process.exec", "child_process.execSync", "shelljs.exec"]);
const WORDS = new Set(["execa.command", "execa.execaCommand"]);
const FILE = new Set([
  "child_process.execFile", "child_process.execFileSync", "child_process.spawn", "child_process.spawnSync", "child_process.fork",
  "execa", "execa.execa", "execa.execaSync", "cross-spawn", "cross-spawn.sync",
  "node-pty.spawn", "@lydell/node-pty.spawn", "tinyexec.x", "tinyexec.exec", "nano-spawn",
  // The class behind them: `new ChildProcess().spawn({ file, args })` spawns with no command to read.
  "child_process.ChildProcess",
  // Deno's: `new Deno.Command("git", { args })`.
  "Deno.Command",
]);
// Bun's and Deno's spawners, given the program and its arguments as one list, or as their
// options' `cmd`: `Bun.spawn(["git", "status"])`, `Deno.run({ cmd: ["git", "status"] })`. A
// package run by bunx has Bun's functions as Node's, with nothing of child_process to see.
const ARGV = new Set(["Bun.spawn", "Bun.spawnSync", "Deno.run"]);

/**
 * What an ARGV spawner runs, as a Node spawner's arguments: the program (the list's first
 * element; none that can be read when the list is worked out at run time or starts with a
 * spread), then its arguments (the rest of the list), then the options (the call's second
 * argument, or the options that hold the list).
 */
function argvArguments(values: StaticValues, args: Node[]): { command: Node | undefined; rest: Node[] } {
  const first = args[0] && unwrap(args[0]);
  const given = first?.type === "Identifier" ? (values.constant(first) ?? first) : first;
  const held = given?.type === "ObjectExpression";
  const named = held ? propertyValue(given, "cmd") : given;
  const list = named && (unwrap(named).type === "Identifier" ? values.constant(unwrap(named)) : unwrap(named));
  const program = list?.type === "ArrayExpression" ? (list.elements as (Node | null)[])[0] : undefined;
  const options = held ? given : args[1];
  const listed: Node[] = list?.type === "ArrayExpression" ? [{ type: "ArrayExpression", elements: (list.elements as (Node | null)[]).slice(1), start: list.start, end: list.end }] : [];
  return { command: program?.type === "SpreadElement" ? undefined : (program ?? undefined), rest: [...listed, ...(options ? [options] : [])] };
}

/** `new Deno.Command("bash", { args: ["-c", line] })`: its arguments, then its options, as a Node spawner's. */
function denoCommandArguments(args: Node[]): Node[] {
  const listed = propertyValue(args[1], "args");
  return listed ? [listed, args[1]!] : args.slice(1);
}

/** Every spawner, by the name calleeTarget gives it. */
export const SPAWNERS: readonly string[] = [...SHELL, ...WORDS, ...FILE, ...ARGV];
/** What a spawner's name ends with: a member named otherwise is not one, whatever its object. */
export const SPAWN_LAST_NAMES = lastNamesOf(SPAWNERS);

/** A call (or `new`) of a spawner: what it is, the command it is given and the arguments after it, and how it runs the command. */
export interface SpawnCall {
  target: string;
  command: Node | undefined;
  rest: Node[];
  runsAs: RunsAs;
}

/** The spawn a call or `new` makes (Node's functions may be called with `new` too: `new cp.execSync(cmd)` runs it), if it makes one. */
export function spawnCall(node: Node, context: Pick<SourceContext, "bindings" | "values">): SpawnCall | undefined {
  if (node.type !== "CallExpression" && node.type !== "NewExpression") return undefined;
  const { callee, args } = effectiveCall(node, context.bindings);
  const target = mayTarget(callee, SPAWN_LAST_NAMES, context.bindings) ? calleeTarget(callee, context.bindings) : undefined;
  if (target === undefined || !(SHELL.has(target) || WORDS.has(target) || FILE.has(target) || ARGV.has(target))) return undefined;
  const { command, rest } = ARGV.has(target) ? argvArguments(context.values, args) : { command: args[0], rest: target === "Deno.Command" ? denoCommandArguments(args) : args.slice(1) };
  return { target, command, rest, runsAs: SHELL.has(target) ? "shell" : WORDS.has(target) ? "words" : "file" };
}

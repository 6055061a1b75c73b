import { parse } from "shell-quote";

// Where a shell starts another command: after a separator, a pipe, or an opening subshell.
const STARTS_COMMAND = new Set([";", "&&", "||", "|", "|&", "&", "(", "<("]);
// Redirections, whose next word is a file, not a command or an argument.
const REDIRECTS = new Set([">", ">>", "<", ">&", "<&", "&>", ">|"]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
// Folders of the system's own programs: `/usr/bin/git` is the git a manifest's `git` names.
const SYSTEM_BIN = /^\/(?:usr\/(?:local\/)?)?s?bin\/([^/]+)$|^\/opt\/homebrew\/bin\/([^/]+)$/;
// The analysis's mark for a part worked out at run time (static-value), as shell-quote reads it.
const UNKNOWN = "${…}";

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

/**
 * The programs a shell command line runs (`git status; curl … | sh` runs git, curl and sh), each
 * as programName gives it, and undefined for one the line computes (a variable in command
 * position, a part worked out at run time). Command substitutions (`$(…)`, `` `…` ``) run
 * their own lines, also inside double quotes. Lines are read one by one, as the shell does; a
 * quoted argument that spans lines, or a substitution in single quotes, may give an extra
 * command, which errs toward reporting.
 */
export function shellCommands(line: string, depth = 0): (string | undefined)[] {
  const { rest, inner, unbalanced } = substitutions(line);
  const commands: (string | undefined)[] = unbalanced || depth > MAX_NESTING ? [undefined] : [];
  for (const text of rest.split(/\r?\n/)) {
    let expectCommand = true;
    let redirected = false;
    for (const token of parse(text.replaceAll(UNKNOWN, "\u0000"), (name) => `$${name}`)) {
      if (typeof token === "object" && "comment" in token) break;
      if (typeof token === "object" && "op" in token && token.op !== "glob") {
        if (STARTS_COMMAND.has(token.op)) expectCommand = true;
        redirected = REDIRECTS.has(token.op);
        continue;
      }
      const word = typeof token === "string" ? token : token.pattern;
      if (redirected) {
        redirected = false;
        continue;
      }
      if (!expectCommand || ASSIGNMENT.test(word)) continue;
      expectCommand = false;
      commands.push(word.includes("\u0000") || word.includes("$") ? undefined : programName(word));
    }
  }
  if (depth <= MAX_NESTING) for (const text of inner) commands.push(...shellCommands(text, depth + 1));
  return commands;
}

const MAX_NESTING = 8;

/** A line's command substitutions (`$(…)`, `` `…` ``, not arithmetic `$((…))`) taken out, each replaced by a word. */
function substitutions(line: string): { rest: string; inner: string[]; unbalanced: boolean } {
  const inner: string[] = [];
  let rest = "";
  for (let i = 0; i < line.length; i++) {
    const opens = line[i] === "`" ? 1 : line.startsWith("$(", i) ? 2 : 0;
    if (!opens || line[i - 1] === "\\") {
      rest += line[i];
      continue;
    }
    let end = -1;
    if (opens === 1) end = line.indexOf("`", i + 1);
    else {
      for (let j = i + 2, level = 1; j < line.length; j++) {
        if (line[j] === "(") level++;
        else if (line[j] === ")" && --level === 0) {
          end = j;
          break;
        }
      }
    }
    if (end === -1) return { rest, inner, unbalanced: true };
    // Arithmetic, `$((1 + 2))`, runs nothing.
    if (!line.startsWith("$((", i)) inner.push(line.slice(i + opens, end));
    rest += "x";
    i = end;
  }
  return { rest, inner, unbalanced: false };
}

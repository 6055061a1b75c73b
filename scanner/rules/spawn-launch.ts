import { globalCallName, isProcessEnv, keyName, type Node, propertyValue } from "@/scanner/analysis/ast";
import type { Span } from "@/scanner/analysis/parse-source";
import { programName } from "@/scanner/analysis/shell-commands";
import { isArray, type StaticValues } from "@/scanner/analysis/static-value";

/** How a spawn call runs its command: through a shell, split into words (execa's commands), or as a file with arguments. */
export type RunsAs = "shell" | "words" | "file";

export interface Launch {
  /** The options object the spawn is given, as written or through a constant; undefined when none can be read. */
  options: Node | undefined;
  runsAs: RunsAs;
  /** Whether the options may give the program another PATH (`env: { PATH }`), so that a bare name may run another program. */
  pathChanged: boolean;
  /** The programs its options add: a shell they name (`shell: "/bin/bash"`), or one worked out at run time. */
  shells: (string | undefined)[];
  /** With a shell, what Node joins to the file: its arguments, as far as they are known. */
  joined: string;
  /** A file's arguments (none given: none), each as far as it is known; undefined when the list cannot be read. */
  words: string[] | undefined;
}

const UNKNOWN = "${…}";
const FUNCTIONS = new Set(["ArrowFunctionExpression", "FunctionExpression"]);
const isObject = (node: Node) => node.type === "ObjectExpression";
// Expressions that are true or false: comparisons and negations.
const BOOLEAN = /^(?:BinaryExpression:(?:===|!==|==|!=|<|>|<=|>=|in|instanceof)|UnaryExpression:!)$/;
const isObjectOrFunction = (node: Node) => isObject(node) || FUNCTIONS.has(node.type);

/**
 * How a spawn runs what it is given, from its options: `shell: true` (or a shell's path) makes a
 * file and its arguments one command line for that shell, which Node joins with spaces
 * (`spawn("git", ["status;curl …"], { shell: true })` runs curl); options that cannot be read
 * (a name for something else than an object, spread properties, a `shell` worked out at run
 * time) may do so, with a shell worked out at run time. `rest`: the spawn's arguments after the
 * command.
 */
export function launchOf(values: StaticValues, rest: Node[], runsAs: RunsAs): Launch {
  const argumentList = runsAs === "file" && rest[0] && !isObject(rest[0]) && !FUNCTIONS.has(rest[0].type) ? rest[0] : undefined;
  // A name for a function (`execFile("open", [url], callback)`) is the callback, not options.
  // Options a name holds, also with the writes of their members (`o.detached = true`); changed
  // in ways that cannot be read (handed to another name, a method of their own), the declared
  // options are still what they may be, and anything else too.
  let changedUnseen = false;
  const throughName = (arg: Node) => {
    if (arg.type !== "Identifier") return arg;
    const known = values.constant(arg, isObjectOrFunction) ?? values.objectAsWritten(arg);
    if (known) return known;
    const declared = values.initialiser(arg, isObject);
    changedUnseen ||= declared !== undefined;
    return declared ?? arg;
  };
  const given = rest
    .filter((arg) => arg !== argumentList && !(arg.type === "Literal" && arg.value === null) && !(arg.type === "Identifier" && arg.name === "undefined"))
    .map(throughName)
    .find((arg) => !FUNCTIONS.has(arg.type));
  // tinyexec takes Node's options under `nodeOptions`.
  const nodeOptions = propertyValue(given, "nodeOptions");
  const shell = propertyValue(given, "shell") ?? propertyValue(nodeOptions, "shell");
  const unreadable = changedUnseen || (given !== undefined && (!readable(given) || (nodeOptions !== undefined && !readable(nodeOptions))));
  // `shell: process.platform === "win32"`: true or false, the system's shell either way.
  const named = shell?.type === "Literal" ? shell.value : shell && BOOLEAN.test(`${shell.type}:${String(shell.operator)}`) ? true : shell && values.resolve(shell);
  const shells = unreadable || (shell && named === undefined) ? [undefined] : typeof named === "string" && named.length > 0 ? [programName(named)] : [];
  const viaShell = unreadable || (shell !== undefined && named !== false && named !== "false");
  const env = propertyValue(given, "env") ?? propertyValue(nodeOptions, "env");
  // execa's `preferLocal` looks in `localDir`'s node_modules/.bin first.
  const pathChanged = unreadable || propertyValue(given, "preferLocal") !== undefined || (env !== undefined && !keepsPath(env));
  const words = runsAs === "file" ? argumentWords(values, argumentList) : [];
  const joined = runsAs === "file" && viaShell ? (words ?? [UNKNOWN]).map((word) => ` ${word}`).join("") : "";
  return { options: given && isObject(given) ? given : undefined, runsAs: viaShell ? "shell" : runsAs, shells, pathChanged, joined, words };
}

/**
 * Whether an environment given to a process keeps the PATH it would have: `process.env`, or
 * objects of it and of variables named otherwise (`{ ...process.env, LANG: "C" }`, also merged
 * by `Object.assign({}, process.env, { … })`).
 */
function keepsPath(env: Node): boolean {
  if (isProcessEnv(env)) return true;
  if (env.type === "CallExpression" && globalCallName(env.callee as Node) === "Object.assign") return (env.arguments as Node[]).every(keepsPath);
  return readable(env) && !(env.properties as Node[]).some((property) => /^path$/i.test(keyName(property) ?? ""));
}

/** An object literal whose properties can all be read: no computed keys, no spreads but of `process.env` (the environment as it is). */
function readable(object: Node): boolean {
  return isObject(object) && (object.properties as Node[]).every((property) => (property.type === "SpreadElement" ? isProcessEnv(property.argument as Node) : property.computed !== true));
}

/** The words of a file's argument list, as written or through a constant: each as far as it is known, a spread's as one unknown word. */
function argumentWords(values: StaticValues, list: Node | undefined): string[] | undefined {
  if (!list) return [];
  const array = list.type === "Identifier" ? values.constant(list, isArray) : list;
  if (array?.type !== "ArrayExpression") return undefined;
  return (array.elements as (Node | null)[]).map((element) => (element && element.type !== "SpreadElement" ? (values.resolve(element) ?? UNKNOWN) : UNKNOWN));
}

// Where the code may change the process's PATH: a write to it by name (any case, as Windows
// reads it; also as a destructuring target) of any object's `env` (the process module's under
// any name: `proc.env.PATH = …` after `require("node:process")`), by a computed name that is not
// a literal other one (`process.env["DISPLAY"] = …` is not), to the whole environment, through
// Reflect or defineProperty, or through another name for the environment (`const e =
// process.env`, `const { env } = require("process")`, `import { env } from "node:process"`; not
// where it is handed to a function, `schema.parse(process.env)`, or given as a child's `env`).
// Comments (as the parser found them: `"https://…"` holds none) are left out first, so that none
// can split a write, and no pattern needs to match one (their bodies only by backtracking).
const QUOTE = "[\"'`]";
const ENV_MEMBER = `(?:\\.\\s*env\\b|\\[\\s*${QUOTE}env${QUOTE}\\s*\\])`;
const ENV = `process\\s*${ENV_MEMBER}`;
const PROCESS_MODULE = `require\\s*\\(\\s*${QUOTE}(?:node:)?process${QUOTE}\\s*\\)`;
const PATH_WRITES = [
  new RegExp(`${ENV_MEMBER}\\s*(?:\\.\\s*path\\b\\s*(?:[\\]},]|(?:\\+|\\|\\||\\?\\?|&&)?=(?!=))|\\[(?!\\s*(${QUOTE})(?!path\\1)[\\w-]*\\1\\s*\\])[^[\\]]*\\]\\s*(?:\\+|\\|\\||\\?\\?|&&)?=(?!=))`, "i"),
  new RegExp(`${ENV}\\s*=(?!=)|(?:Object\\s*\\.\\s*(?:assign|defineProperty|defineProperties)|Reflect\\s*\\.\\s*(?:set|defineProperty))\\s*\\(\\s*${ENV}`),
  new RegExp(
    `(?<![=!<>])=\\s*(?:${ENV}|${PROCESS_MODULE}\\s*${ENV_MEMBER})\\s*(?:[;,)}\\n]|$)|\\{(?=[^{}]*?\\benv\\b)[^{}]*\\}\\s*=\\s*(?:process\\b|${PROCESS_MODULE})|import\\s*\\{(?=[^{}]*?\\benv\\b)[^{}]*\\}\\s*from\\s*${QUOTE}(?:node:)?process${QUOTE}`,
  ),
];
/** Whether a file's code may change the process's PATH (PATH_WRITES), its comments made spaces. */
export function pathMayChange(source: string, comments: readonly Span[]): boolean {
  const parts: string[] = [];
  let from = 0;
  for (const comment of comments) {
    parts.push(source.slice(from, comment.start));
    from = comment.end;
  }
  parts.push(source.slice(from));
  const code = parts.join(" ");
  return PATH_WRITES.some((write) => write.test(code));
}

import { type Node, propertyValue } from "@/scanner/analysis/ast";
import { programName } from "@/scanner/analysis/shell-commands";
import type { StaticValues } from "@/scanner/analysis/static-value";

/** How a spawn call runs its command: through a shell, split into words (execa's commands), or as a file with arguments. */
export type RunsAs = "shell" | "words" | "file";

export interface Launch {
  runsAs: RunsAs;
  /** The programs its options add: a shell they name (`shell: "/bin/bash"`), or one worked out at run time. */
  shells: (string | undefined)[];
  /** With a shell, what Node joins to the file: its arguments, as far as they are known. */
  joined: string;
}

const UNKNOWN = "${…}";
const FUNCTIONS = new Set(["ArrowFunctionExpression", "FunctionExpression"]);
const isObject = (node: Node) => node.type === "ObjectExpression";
const isObjectOrFunction = (node: Node) => isObject(node) || FUNCTIONS.has(node.type);

/**
 * How a spawn runs what it is given, from its options: `shell: true` (or a shell's path) makes a
 * file and its arguments one command line for that shell, which Node joins with spaces
 * (`spawn("git", ["status;curl …"], { shell: true })` runs curl); options that cannot be read
 * (a name for something else than an object, spread properties, a `shell` worked out at run
 * time) may do so, with a shell worked out at run time.
 */
export function launchOf(values: StaticValues, args: Node[], runsAs: RunsAs): Launch {
  const rest = args.slice(1);
  const argumentList = runsAs === "file" && rest[0] && !isObject(rest[0]) && !FUNCTIONS.has(rest[0].type) ? rest[0] : undefined;
  // A name for a function (`execFile("open", [url], callback)`) is the callback, not options.
  const throughName = (arg: Node) => (arg.type === "Identifier" ? (values.constant(arg, isObjectOrFunction) ?? arg) : arg);
  const given = rest
    .filter((arg) => arg !== argumentList && !(arg.type === "Literal" && arg.value === null) && !(arg.type === "Identifier" && arg.name === "undefined"))
    .map(throughName)
    .find((arg) => !FUNCTIONS.has(arg.type));
  const shell = propertyValue(given, "shell");
  const unreadable = given !== undefined && (!isObject(given) || (given.properties as Node[]).some((property) => property.type === "SpreadElement"));
  const named = shell?.type === "Literal" ? shell.value : shell && values.resolve(shell);
  const shells = unreadable || (shell && named === undefined) ? [undefined] : typeof named === "string" && named.length > 0 ? [programName(named)] : [];
  const viaShell = unreadable || (shell !== undefined && named !== false && named !== "false");
  return { runsAs: viaShell ? "shell" : runsAs, shells, joined: runsAs === "file" && viaShell ? joinedArguments(values, argumentList) : "" };
}

function joinedArguments(values: StaticValues, list: Node | undefined): string {
  if (!list) return "";
  if (list.type !== "ArrayExpression") return ` ${UNKNOWN}`;
  return (list.elements as (Node | null)[]).map((element) => ` ${element && element.type !== "SpreadElement" ? (values.resolve(element) ?? UNKNOWN) : UNKNOWN}`).join("");
}

import { type Node, patternNames, propertyName, propertyValue, someChoice, unwrap } from "@/scanner/analysis/ast";
import { calleeTarget } from "@/scanner/analysis/module-bindings";
import { LISTENER_METHODS } from "@/scanner/analysis/listener-methods";
import { ancestorsOf, FUNCTIONS } from "@/scanner/analysis/name-uses";
import { readsName } from "@/scanner/analysis/reads-name";
import { isStreamPipeline } from "@/scanner/analysis/stream-pipeline";
import { isInterpreter, programName, shellCommands } from "@/scanner/analysis/shell-commands";
import type { CodeRule, SourceContext } from "@/scanner/rules/rule";
import { SPAWN_LAST_NAMES, type SpawnCall, spawnCall } from "@/scanner/rules/spawn-calls";
import { launchOf } from "@/scanner/rules/spawn-launch";

// Network sockets: what net and tls make, WebSockets (a command channel's usual carrier), and the
// connections their servers hand a listener; what they are sent comes as `data` or `message`.
const SOCKET_MAKERS = new Set(["net.Socket", "net.Stream", "tls.TLSSocket", "net.connect", "net.createConnection", "tls.connect", "ws", "ws.WebSocket", "WebSocket", "undici.WebSocket"]);
const SOCKET_SERVERS = new Set(["net.createServer", "tls.createServer", "net.Server", "tls.Server", "ws.WebSocketServer", "ws.Server"]);
const CONNECTION_EVENTS = new Set(["connection", "secureConnection"]);
const DATA_EVENTS = new Set(["data", "readable", "message"]);
// Line readers (`readline.createInterface({ input: socket })`), whose `line` events are what their input sends.
const LINE_READERS = new Set(["readline.createInterface", "readline/promises.createInterface", "readline.Interface"]);
const LINE_EVENTS = new Set(["line"]);
// socket.io's clients, whose every event is a message from their server (`io(url)`, `io.connect(url)`).
const EVENT_SOCKET_MAKERS = new Set(["socket.io-client", "socket.io-client.io", "socket.io-client.connect"]);
// socket.io's servers (`new Server(http)`, `require("socket.io")(http)`), whose connections' events are their clients' messages.
const EVENT_SOCKET_SERVERS = new Set(["socket.io", "socket.io.Server"]);
// The calls the rule reads: a stream piped or written into a process, and spawns (also through
// `.call`/`.apply`, or a module's `default`). A member call named otherwise cannot be one of them.
const READ_MEMBERS = new Set(["pipe", "pipeline", "write", "end", "call", "apply", "default", ...SPAWN_LAST_NAMES]);
// How many names and members a socket or server is followed through (`const s = net.connect(…); const c = s`).
const MAX_DEPTH = 4;

/** The node a name holds where it is used (its declaration's initialiser), else the node itself. */
function held(context: SourceContext, wrapped: Node): Node {
  const node = unwrap(wrapped);
  if (node.type !== "Identifier") return node;
  // `let client; client = new net.Socket()`: a value it is assigned when it is declared with none.
  const value = context.values.declaredWith(node) ?? context.values.assignedWith(node, isMade);
  return value ? unwrap(value) : node;
}
const isMade = (value: Node) => ["CallExpression", "NewExpression"].includes(unwrap(value).type);

/** Whether a call or `new` makes a net or tls socket, or one of their servers (`SOCKET_SERVERS`). */
const makes = (context: SourceContext, node: Node, made: Set<string>) =>
  (node.type === "CallExpression" || node.type === "NewExpression") && made.has(calleeTarget(node.callee as Node, context.bindings) ?? "");

/**
 * Whether an expression is a network socket: made by net or tls (`new net.Socket()`,
 * `tls.connect(…)`, also after `.connect(…)` on one), or the connection a net or tls server
 * hands its listener (a bind shell's); through names that hold one.
 */
function isSocket(context: SourceContext, wrapped: Node, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const node = held(context, wrapped);
  if (node.type === "Identifier") return isConnectionParameter(context, node);
  if (node.type === "MemberExpression") return memberValues(context, node).some((value) => isSocket(context, value, depth + 1));
  const callee = node.type === "CallExpression" ? unwrap(node.callee as Node) : undefined;
  if (callee?.type === "MemberExpression" && propertyName(callee) === "connect" && isSocket(context, callee.object as Node, depth + 1)) return true;
  return makes(context, node, SOCKET_MAKERS);
}

/**
 * The values the file assigns a named object's member (`client.socket = net.connect(…)`, as
 * Metasploit's Node payload keeps its socket), or an instance's (`this.shell = spawn("sh")` in a
 * class's methods): every `client.socket = …` of the name (`this.shell = …` of any method),
 * namesakes in other functions too, as a member outlives the function that sets it.
 */
function memberValues(context: SourceContext, member: Node): Node[] {
  const object = unwrap(member.object as Node);
  const key = propertyName(member);
  if (key === undefined || (object.type !== "ThisExpression" && object.type !== "Identifier")) return [];
  // Asked once per object's name and member: a file may pipe into `this.sh.stdin` on every line.
  let asked = memberValuesAsked.get(context);
  if (!asked) memberValuesAsked.set(context, (asked = new Map()));
  const question = `${object.type === "ThisExpression" ? "this" : (object.name as string)}.${key}`;
  let values = asked.get(question);
  if (!values) asked.set(question, (values = assignedMembers(context, object, key)));
  return values;
}
const memberValuesAsked = new WeakMap<SourceContext, Map<string, Node[]>>();

/** memberValues's search: every `object.key = …` of the file. */
function assignedMembers(context: SourceContext, object: Node, key: string): Node[] {
  const assigned = (member: Node, assignment: Node | undefined) => (assignment?.type === "AssignmentExpression" && assignment.left === member ? [assignment.right as Node] : []);
  if (object.type === "ThisExpression") {
    // Found by the member's name: `this` is no identifier the index holds.
    return context.identifiers.named(key).flatMap(({ node, parent, grandparent }) =>
      parent.type === "MemberExpression" && parent.property === node && !parent.computed && unwrap(parent.object as Node).type === "ThisExpression" ? assigned(parent, grandparent) : [],
    );
  }
  return context.identifiers.named(object.name as string).flatMap(({ node, parent, grandparent }) =>
    parent.type === "MemberExpression" && parent.object === node && propertyName(parent) === key ? assigned(parent, grandparent) : [],
  );
}

/** Whether an expression is a net or tls server (`net.createServer(…)`, also after `.listen(…)`), through names that hold one. */
function isServer(context: SourceContext, wrapped: Node, servers: Set<string>, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const node = held(context, wrapped);
  const callee = node.type === "CallExpression" ? unwrap(node.callee as Node) : undefined;
  if (callee?.type === "MemberExpression" && propertyName(callee) === "listen" && isServer(context, callee.object as Node, servers, depth + 1)) return true;
  return makes(context, node, servers);
}

/** The call a function is given to as a listener of `events` (`x.on("data", fn)`; of any event without them), with the object listened to. */
function listenedTo(context: SourceContext, call: Node | undefined, fn: Node, events?: Set<string>): Node | undefined {
  if (call?.type !== "CallExpression") return undefined;
  const callee = unwrap(call.callee as Node);
  const args = call.arguments as Node[];
  if (callee.type !== "MemberExpression" || !LISTENER_METHODS.has(propertyName(callee) ?? "") || args[1] !== fn) return undefined;
  return !events || events.has(context.values.resolve(args[0]) ?? "") ? (callee.object as Node) : undefined;
}

/** The object a function is set on as its message handler (`ws.onmessage = fn`, a WebSocket's other way to listen). */
function handlerSetOn(holder: Node | undefined, fn: Node): Node | undefined {
  if (holder?.type !== "AssignmentExpression" || holder.right !== fn) return undefined;
  const left = unwrap(holder.left as Node);
  return left.type === "MemberExpression" && propertyName(left) === "onmessage" ? (left.object as Node) : undefined;
}

/** Whether a name is the first parameter of a connection listener of a net or tls server (`net.createServer((socket) => …)`, `server.on("connection", (socket) => …)`). */
function isConnectionParameter(context: SourceContext, name: Node, servers = SOCKET_SERVERS): boolean {
  const ancestors = ancestorsOf(context.program, name);
  for (let i = ancestors.length - 1; i > 0; i--) {
    const fn = ancestors[i]!;
    if (!FUNCTIONS.has(fn.type)) continue;
    const params = fn.params as Node[];
    if (!params.some((param) => patternNames(param).some((each) => each.name === name.name))) continue;
    const first = params[0];
    if (first?.type !== "Identifier" || first.name !== name.name) return false;
    const call = ancestors[i - 1]!;
    if (makes(context, call, servers) && (call.arguments as Node[]).includes(fn)) return true;
    const server = listenedTo(context, call, fn, CONNECTION_EVENTS);
    return server !== undefined && isServer(context, server, servers);
  }
  return false;
}

/** The spawn that made a process an expression is (`const sh = spawn("sh")`), through names and members that hold it (`this.sh = spawn("sh")`). */
function spawnOf(context: SourceContext, wrapped: Node, depth = 0): { spawn: SpawnCall; node: Node } | undefined {
  const node = held(context, wrapped);
  if (node.type === "Identifier" || depth > MAX_DEPTH) return undefined;
  if (node.type === "MemberExpression") {
    for (const value of memberValues(context, node)) {
      const found = spawnOf(context, value, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const spawn = spawnCall(node, context);
  return spawn && { spawn, node };
}

/** The spawned process whose input a stream is: `sh.stdin`, `sh.stdio[0]`, through names that hold it. */
function inputOf(context: SourceContext, wrapped: Node): { spawn: SpawnCall; node: Node } | undefined {
  const unwrapped = unwrap(wrapped);
  // `const { stdin } = spawn("/bin/sh", ["-i"])`: the process's stdin under its own name (only
  // that name is asked about: streams' `write` calls are everywhere, and most names are no stdin).
  const taken = unwrapped.type === "Identifier" && unwrapped.name === "stdin" ? context.values.destructuredWith(unwrapped) : undefined;
  if (taken?.key === "stdin") return spawnOf(context, taken.init);
  const node = held(context, wrapped);
  if (node.type !== "MemberExpression") return undefined;
  if (propertyName(node) === "stdin") return spawnOf(context, node.object as Node);
  const list = unwrap(node.object as Node);
  const first = (node.property as Node).type === "Literal" && (node.property as Node).value === 0;
  return first && list.type === "MemberExpression" && propertyName(list) === "stdio" ? spawnOf(context, list.object as Node) : undefined;
}

/** The socket listener around a node (`socket.on("data", (chunk) => …)`), with its first parameter's name, or the loop over what a socket sends (`for await (const line of rl)`) with its variable's. */
function socketListenerAround(context: SourceContext, node: Node): string | undefined {
  const ancestors = ancestorsOf(context.program, node);
  for (let i = ancestors.length - 1; i > 0; i--) {
    const fn = ancestors[i]!;
    // `for await (const line of rl) { … }`: a loop over what a socket sends, its variable the data.
    if (fn.type === "ForOfStatement" && (ancestors[i + 1] ?? node) === fn.body && readsSocket(context, fn.right as Node)) {
      const left = fn.left as Node;
      const variable = left.type === "VariableDeclaration" ? ((left.declarations as Node[])[0]!.id as Node) : left;
      return variable.type === "Identifier" ? (variable.name as string) : "";
    }
    if (!FUNCTIONS.has(fn.type)) continue;
    const first = (fn.params as Node[])[0];
    if (listensToSocket(context, fn, ancestors[i - 1]!)) return first?.type === "Identifier" ? (first.name as string) : "";
  }
  return undefined;
}

/** Whether a stream is a socket, or a line reader over one (`readline.createInterface({ input: socket })`), whose lines are what the socket sends. */
function readsSocket(context: SourceContext, stream: Node): boolean {
  if (isSocket(context, stream)) return true;
  const reader = held(context, stream);
  if (!makes(context, reader, LINE_READERS)) return false;
  const [options] = reader.arguments as Node[];
  const input = options && unwrap(options).type === "ObjectExpression" ? propertyValue(options, "input") : options;
  return input !== undefined && isSocket(context, input);
}

/**
 * Whether a function listens to a socket's data: given to `socket.on("data", …)` where it stands,
 * or by its name (`function onData(d) { … }` or `const onData = (d) => …`, then
 * `socket.on("data", onData)`).
 */
function listensToSocket(context: SourceContext, fn: Node, holder: Node): boolean {
  if (listensAt(context, holder, fn)) return true;
  const name = fn.type === "FunctionDeclaration" ? (fn.id as Node | null) : holder.type === "VariableDeclarator" && holder.init === fn ? (holder.id as Node) : undefined;
  if (name?.type !== "Identifier") return false;
  return context.identifiers.named(name.name as string).some(({ node, parent }) => listensAt(context, parent, node));
}

/**
 * Whether a function, given where it is (`holder`), listens to what a socket sends: a data event
 * of a net, tls or WebSocket socket, a WebSocket's `onmessage`, the `line` event of a line reader
 * over a socket, or any event of a socket.io client or of a connection a socket.io server hands
 * its listener, whose events are its messages (`socket.on("cmd", (line) => exec(line))`).
 */
function listensAt(context: SourceContext, holder: Node, fn: Node): boolean {
  const data = listenedTo(context, holder, fn, DATA_EVENTS) ?? handlerSetOn(holder, fn);
  if (data !== undefined && isSocket(context, data)) return true;
  const lines = listenedTo(context, holder, fn, LINE_EVENTS);
  if (lines !== undefined && readsSocket(context, lines)) return true;
  const evented = listenedTo(context, holder, fn);
  if (evented === undefined) return false;
  // A socket.io client, or the connection a socket.io server hands its listener (`io.on("connection", (socket) => socket.on("cmd", …))`).
  const socket = held(context, evented);
  return makes(context, socket, EVENT_SOCKET_MAKERS) || (socket.type === "Identifier" && isConnectionParameter(context, socket, EVENT_SOCKET_SERVERS));
}

/** Whether a shell or interpreter a spawn runs is given code (an element of its argument list) that reads a name. */
function codeReads(context: SourceContext, spawn: SpawnCall, name: string): boolean {
  const program = context.values.resolve(spawn.command);
  const list = spawn.runsAs === "file" && spawn.rest[0] ? unwrap(spawn.rest[0]) : undefined;
  if (program === undefined || !isInterpreter(program) || list?.type !== "ArrayExpression") return false;
  return (list.elements as (Node | null)[]).some((element) => element !== null && readsName(context.values, element, name));
}

/** Whether a command is one of a constant table's (`COMMANDS[line.trim()]`): what is sent picks it, and says nothing of its own. */
function isTableLookup(context: SourceContext, command: Node): boolean {
  const node = unwrap(command);
  const table = node.type === "MemberExpression" && node.computed ? unwrap(node.object as Node) : undefined;
  return table?.type === "Identifier" && context.values.constant(table, isTable) !== undefined;
}
const isTable = (init: Node) => init.type === "ObjectExpression" || init.type === "ArrayExpression";

/** A program a spawn runs, with its arguments as far as they are known (none known: undefined). */
interface Run {
  program: string | undefined;
  words: string[] | undefined;
}

/** The programs a spawn runs, as far as they are known (each branch of a choice), with their arguments. */
function runsOf(context: SourceContext, spawn: SpawnCall): Run[] {
  if (!spawn.command) return [{ program: undefined, words: undefined }];
  const listed = spawn.runsAs === "file" ? launchOf(context.values, spawn.rest, "file").words : undefined;
  const runs: Run[] = [];
  // `var cmd = win ? "cmd" : "/bin/sh"; spawn(cmd)`: the choice the name is declared with.
  const command = unwrap(spawn.command);
  someChoice(command.type === "Identifier" ? (context.values.declaredWith(command) ?? command) : command, (choice) => {
    const text = context.values.resolve(choice);
    if (text === undefined) runs.push({ program: undefined, words: undefined });
    else if (spawn.runsAs === "file") runs.push({ program: programName(text), words: listed });
    else {
      // A line's input goes to its first command (`sh`, `bash -i`), whose words are the line's.
      const words = text.trim().split(/\s+/).slice(1);
      runs.push(...shellCommands(text).map((program, i) => ({ program, words: i === 0 ? words : undefined })));
    }
    return false;
  });
  return runs;
}

/**
 * Whether a run reads the program it runs from its input: a shell or an interpreter (isInterpreter)
 * given no script or code of its own (`sh`, `bash -i`, `python3 -`; not `node dist/index.js`,
 * `python3 -m server`, `sh -c "gzip …"`).
 */
function readsProgram({ program, words }: Run): boolean {
  if (program === undefined || !isInterpreter(program) || words === undefined) return false;
  return words.every((word) => word === "-" || word === "--" || (/^-[a-zA-Z]+$/.test(word) && !/[cemp]/.test(word.slice(1))));
}

/** Reports a network connection that drives a process: high when the process runs what it is sent (readsProgram). */
function reportDriven(context: SourceContext, at: Node, process: { spawn: SpawnCall; node: Node }, how: string): void {
  const runs = runsOf(context, process.spawn);
  const known = [...new Set(runs.flatMap((run) => (run.program === undefined ? [] : [run.program])))];
  const reads = runs.some(readsProgram);
  const named = known.length ? known.map((program) => `"${program}"`).join(" or ") : "a program worked out at run time";
  const started = `${process.spawn.target}, line ${context.lines.lineOf(process.node.start)}`;
  context.report(at, {
    severity: reads ? "high" : "medium",
    message: reads
      ? `${how} ${named} (${started}), a shell or interpreter reading its commands from it: a remote shell, whoever is at the other end runs commands on this machine`
      : `${how} ${named} (${started}): whoever is at the other end drives it`,
  });
}

/**
 * A process the package starts that a network connection drives: a socket piped or written into
 * its input (`socket.pipe(sh.stdin)`, `pipeline(socket, sh.stdin)`, `socket.on("data", (d) =>
 * sh.stdin.write(d))`), given as its stdin (`stdio: [socket, …]`), or its command taken from what
 * a socket sends (`socket.on("data", (d) => exec(d.toString()))`). These are the reverse shells of
 * incident write-ups (`new net.Socket().connect(4444, host)`) and bind shells (`net.createServer`).
 */
export const remoteShellRule: CodeRule = {
  id: "remote-shell",
  category: "exec",
  types: ["CallExpression", "NewExpression"],
  visitor(context) {
    return {
      node: (node) => {
        const callee = unwrap(node.callee as Node);
        const member = callee.type === "MemberExpression" ? propertyName(callee) : undefined;
        if (callee.type === "MemberExpression" && !READ_MEMBERS.has(member ?? "")) return;
        const args = node.arguments as Node[];
        if (node.type === "CallExpression" && member === "pipe" && args[0]) {
          const process = inputOf(context, args[0]);
          if (process && isSocket(context, callee.object as Node)) reportDriven(context, node, process, "Pipes a network connection into the input of");
          return;
        }
        if (node.type === "CallExpression" && (member === "write" || member === "end")) {
          const process = inputOf(context, callee.object as Node);
          const data = process && socketListenerAround(context, node);
          if (data && args.some((arg) => readsName(context.values, arg, data))) reportDriven(context, node, process!, "Writes what a network connection sends into the input of");
          return;
        }
        const named = member ?? (callee.type === "Identifier" ? callee.name : undefined);
        if (named === "pipeline" && isStreamPipeline(callee, context.bindings)) {
          const process = args.map((arg) => inputOf(context, arg)).findLast((each) => each !== undefined);
          if (process && args.some((arg) => isSocket(context, arg))) reportDriven(context, node, process, "Pipes a network connection into the input of");
          return;
        }
        const spawn = spawnCall(node, context);
        if (!spawn) return;
        const stdin = propertyValue(launchOf(context.values, spawn.rest, spawn.runsAs).options, "stdio");
        const first = stdin && unwrap(stdin).type === "ArrayExpression" ? (unwrap(stdin).elements as (Node | null)[])[0] : undefined;
        if (first && first.type !== "SpreadElement" && isSocket(context, first)) {
          reportDriven(context, node, { spawn, node }, "Gives a network connection as the input of");
          return;
        }
        // `socket.on("data", (d) => exec(d.toString()))`: the command is what the socket sent.
        // `spawn("sh", ["-c", d.toString()])`: a shell's or interpreter's code.
        const data = spawn.command && !isTableLookup(context, spawn.command) && socketListenerAround(context, node);
        if (data && (readsName(context.values, spawn.command!, data) || codeReads(context, spawn, data))) {
          context.report(node, { severity: "high", message: `Runs the commands a network connection sends (${spawn.target}): a remote shell, whoever is at the other end runs commands on this machine` });
        }
      },
    };
  },
};

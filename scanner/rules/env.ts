import { globalCallName, keyName, type Node, passesValueOn, propertyName, unwrap } from "@/scanner/analysis/ast";
import { copyingOf, KEYED_WRITES, mayBeEnvironment, mayReadEnvironment } from "@/scanner/analysis/environment";
import { calleeTarget } from "@/scanner/analysis/module-bindings";
import { ancestorsOf } from "@/scanner/analysis/name-uses";
import type { CodeRule, Severity, SourceContext } from "@/scanner/rules/rule";

// What reading the whole environment through Object's or Reflect's functions does.
const WHOLE_ENVIRONMENT_CALLS = new Map<string, { severity: Severity; message: string }>([
  ...["keys", "entries", "values", "getOwnPropertyNames", "getOwnPropertyDescriptors"].map((method) => [`Object.${method}`, { severity: "medium" as const, message: `Iterates over the whole environment (Object.${method})` }] as const),
  ["Reflect.ownKeys", { severity: "medium", message: "Iterates over the whole environment (Reflect.ownKeys)" }],
]);
// Object's and Reflect's functions that read one variable named by their second argument (KEYED_WRITES set one).
const VARIABLE_READS = new Set(["Reflect.get", "Reflect.getOwnPropertyDescriptor", "Object.getOwnPropertyDescriptor"]);

/** `{ A, B: b, ...rest }` destructuring the environment: reads of A and B, and a copy of all the rest. */
function reportPatternReads(context: SourceContext, pattern: Node): void {
  for (const property of pattern.properties as Node[]) {
    if (property.type === "RestElement") {
      context.report(property, { severity: "low", message: "Copies the whole environment (rest of a destructuring), secrets included", capability: { kind: "env", value: "*" } });
      continue;
    }
    const name = property.computed ? context.values.known(property.key as Node) : keyName(property);
    reportVariableRead(context, name, property);
  }
}

// Calls that only ask whether a variable is there.
const PRESENCE_TESTS = new Set(["Object.hasOwn", "Reflect.has", "Object.prototype.hasOwnProperty.call"]);
// Calls that write what they are given out as text: the environment's secrets with it.
const SERIALISERS = new Set([
  "JSON.stringify", "util.inspect", "util.format", "util.formatWithOptions", "querystring.stringify", "URLSearchParams",
  ...["log", "info", "warn", "error", "debug", "dir", "trace", "table"].map((method) => `console.${method}`),
]);

/** Whether `above` holds its child `value` in a new object or array (`{ e: process.env }`, `[process.env]`). */
const holdsValue = (above: Node, value: Node) => above.type === "ObjectExpression" || above.type === "ArrayExpression" || (above.type === "Property" && above.value === value);

interface Destination {
  /** The outermost expression that still is (or holds, or copies) the environment's value. */
  value: Node;
  /** What takes that value, and the node above that. */
  above: Node | undefined;
  aboveThat: () => Node | undefined;
  /** The property that holds it, the first on the way (`{ env: process.env }`). */
  held: Node | undefined;
  /** The first copy made on the way, if any: how (copyingOf: `spread`, `Object.assign`), and the object or call that makes it. */
  copy: { how: string; made: Node } | undefined;
}

/**
 * Where the environment's value goes from `node`: up through what hands it on unchanged, holds it
 * or copies it (`JSON.stringify({ e: process.env || {} })` and `JSON.stringify({ ...process.env })`
 * serialise it all the same), with the nodes above it. Most uses stand right under what takes
 * them: the file is descended only for the others.
 */
function destinationOf(context: SourceContext, node: Node, parent: Node): Destination {
  const onward = (above: Node, value: Node, container: Node | undefined) => passesValueOn(above, value) || holdsValue(above, value) || copyingOf(above, value, container) !== undefined;
  if (!onward(parent, node, undefined) && parent.type !== "SpreadElement") return { value: node, above: parent, aboveThat: () => ancestorsOf(context.program, parent).at(-1), held: undefined, copy: undefined };
  const path = ancestorsOf(context.program, node);
  let value = node;
  let held: Node | undefined;
  let copy: Destination["copy"];
  let i = path.length - 1;
  for (; i >= 0 && onward(path[i]!, value, path[i - 1]); i--) {
    if (path[i]!.type === "Property") held ??= path[i];
    const how = copy === undefined ? copyingOf(path[i]!, value, path[i - 1]) : undefined;
    if (how !== undefined) copy = { how, made: path[i]!.type === "SpreadElement" ? path[i - 1]! : path[i]! };
    value = path[i]!;
  }
  return { value, above: path[i], aboveThat: () => path[i - 1], held, copy };
}

/** Whether a call writes what it is given out as text (SERIALISERS), by its own name or what it resolves to. */
function serialises(context: SourceContext, call: Node): boolean {
  const callee = unwrap(call.callee as Node);
  return SERIALISERS.has(globalCallName(callee) ?? "") || SERIALISERS.has(calleeTarget(callee, context.bindings) ?? "");
}

/** What code does with the whole environment at `node` (process.env or a name for it), by where its value goes. */
function reportWholeEnvironmentUse(context: SourceContext, node: Node, parent: Node, whose: Whose = "process"): void {
  const { value, above, aboveThat, held, copy } = destinationOf(context, node, parent);
  if (above === undefined) return;
  // A copy serialised where it is made is the environment serialised; kept, it is a copy (whose
  // name the rule follows: EnvironmentNames), handed on or given to a child, with the settings
  // made in it (`{ ...process.env, NODE_OPTIONS: "--require …" }`). A copy of a copy adds nothing.
  if (copy !== undefined && !((above.type === "CallExpression" || above.type === "NewExpression") && serialises(context, above))) {
    if (whose === "process") context.report(node, { severity: "low", message: `Copies the whole environment (${copy.how}), secrets included`, capability: { kind: "env", value: "*" } });
    reportSettingsIn(context, copy.made.type === "CallExpression" ? (copy.made.arguments as Node[]) : [copy.made], "copy");
    return;
  }
  const whole = whose === "process" ? "the whole environment" : "a copy of the whole environment";
  const handedOn = (to?: string) => context.report(node, { severity: "low", message: `Hands ${whole} ${to ? `to ${to}` : "on"} where its reads are not followed, secrets included`, capability: { kind: "env", value: "*" } });
  switch (above.type) {
    case "VariableDeclarator":
    case "AssignmentExpression": {
      const target = above.type === "VariableDeclarator" ? (above.id as Node) : unwrap(above.left as Node);
      if (target === value) return; // `process.env = …`: a new environment, which the network rule reads.
      // const { A, B } = process.env; ({ A } = process.env)
      if (target.type === "ObjectPattern" && held === undefined) reportPatternReads(context, target);
      // `const env = process.env` (or `|| {}`), `e = process.env`: a name the rule follows (EnvironmentNames).
      else if (!(target.type === "Identifier" && (value === node || mayBeEnvironment(value, (whole) => context.environment.isEnvironment(whole))))) handedOn();
      return;
    }
    case "AssignmentPattern":
      // `function f(env = process.env)`, also a name the rule follows.
      if (above.right === value && unwrap(above.left as Node).type !== "Identifier") handedOn();
      return;
    // Iterating a copy reads the same secrets, but it is how a child's environment is filtered: low.
    case "ForInStatement":
      if (above.right === value) context.report(node, { severity: whose === "process" ? "medium" : "low", message: `Iterates over ${whole}`, capability: { kind: "env", value: "*" } });
      return;
    case "MemberExpression":
      // `(process.env || {}).TOKEN` reads TOKEN; a member of an object holding it, something the rule does not follow.
      if (above.object !== value || value === node) return;
      if (held === undefined) reportVariableUse(context, above, aboveThat());
      else handedOn();
      return;
    case "CallExpression":
    case "NewExpression":
      reportEnvironmentHanded(context, node, above, value, held, handedOn, whose);
      return;
    // Compared, tested (`process.env && x`, a choice's test), its type asked, put in a string ("[object Object]"), or left unused: nothing is read.
    case "BinaryExpression":
    case "UnaryExpression":
    case "LogicalExpression":
    case "ConditionalExpression":
    case "TemplateLiteral":
    case "ExpressionStatement":
    case "IfStatement":
    case "ForOfStatement":
      return;
    default:
      handedOn();
  }
}

/** The environment given to a call (`value`, holding it when `held`): reads and sets by Reflect and Object, serialisers, iterators, or some function's. */
function reportEnvironmentHanded(context: SourceContext, node: Node, call: Node, value: Node, held: Node | undefined, handedOn: (to?: string) => void, whose: Whose): void {
  const args = call.arguments as Node[];
  const position = args.indexOf(value);
  if (position < 0) return;
  const callee = unwrap(call.callee as Node);
  const called = globalCallName(callee);
  const target = calleeTarget(callee, context.bindings);
  if (serialises(context, call)) {
    context.report(call, { severity: "high", message: "Serialises the whole environment, secrets included: the first step of exfiltrating it", capability: { kind: "env", value: "*" } });
    return;
  }
  // `{ env: process.env }` for a child is what a child gets anyway; `Object.hasOwn(process.env, "CI")` reads no value.
  if ((held !== undefined && keyName(held) === "env") || PRESENCE_TESTS.has(target ?? "")) return;
  if (held !== undefined || called === undefined) {
    handedOn(target);
    return;
  }
  // `Reflect.get(process.env, "TOKEN")` reads TOKEN as `process.env.TOKEN` does; `Reflect.set` sets it.
  if (position === 0 && (VARIABLE_READS.has(called) || KEYED_WRITES.has(called))) {
    const name = context.values.known(args[1]);
    if (KEYED_WRITES.has(called)) reportVariableSet(context, name, call, called === "Reflect.set" ? args[2] : undefined, whose);
    else reportVariableRead(context, name, call);
    return;
  }
  // `Object.assign(process.env, parsed)` sets variables (the risky ones stand out); it copies the
  // environment only from a later argument.
  if (called === "Object.assign" && position === 0) {
    if (whose === "process") context.report(call, { severity: "info", message: "Sets environment variables (Object.assign into the environment)" });
    reportSettingsIn(context, args.slice(1), whose);
    return;
  }
  const whole = WHOLE_ENVIRONMENT_CALLS.get(called);
  if (whole && whose === "copy") context.report(call, { severity: "low", message: whole.message.replace("the whole environment", "a copy of the whole environment"), capability: { kind: "env", value: "*" } });
  else if (whole) context.report(call, { ...whole, capability: { kind: "env", value: "*" } });
  else handedOn(target ?? called);
}

/** Whose environment a use is of: the process's own, or a copy made for the programs it is given to. */
type Whose = "process" | "copy";

/** The risky settings (RISKY_SETTINGS) objects written out put into an environment (`{ ...process.env, NODE_OPTIONS: "…" }`, `Object.assign(process.env, { … })`). */
function reportSettingsIn(context: SourceContext, objects: Node[], whose: Whose): void {
  for (const object of objects.map(unwrap)) {
    if (object.type !== "ObjectExpression") continue;
    for (const property of object.properties as Node[]) {
      const name = property.type === "Property" ? keyName(property) : undefined;
      if (name !== undefined && RISKY_SETTINGS.has(name)) reportVariableSet(context, name, property, property.value as Node, whose);
    }
  }
}

// Variables whose value, set by the code, changes what the process or the programs it starts
// do, and which values are harmless (none set, or the default): clearing NODE_OPTIONS for a
// child, or NODE_TLS_REJECT_UNAUTHORIZED at 1, changes nothing for the worse.
const RISKY_SETTINGS = new Map<string, { harmless: (value: string) => boolean; risk: (whose: Whose) => string }>([
  ["NODE_TLS_REJECT_UNAUTHORIZED", { harmless: (value) => value !== "0", risk: (whose) => `which at 0 turns off the checking of TLS certificates for ${whose === "process" ? "the process's connections" : "the connections of the programs it is given to"}` }],
  ["NODE_OPTIONS", { harmless: (value) => value === "", risk: (whose) => `which changes how every Node.js program ${whose === "process" ? "the process starts" : "it is given to"} runs (\`--require\` loads code into it)` }],
]);

/**
 * A variable set (`process.env.NAME = …`) is not read: it reads nothing of the user's. Set to a
 * value (when known) that makes it risky (RISKY_SETTINGS), medium. In a copy of the environment
 * only a risky setting is reported: the programs given the copy run with it.
 */
function reportVariableSet(context: SourceContext, name: string | undefined, at: Node, value: Node | undefined, whose: Whose = "process"): void {
  const setting = name === undefined ? undefined : RISKY_SETTINGS.get(name);
  const known = value && context.values.known(value);
  const risk = setting && (known === undefined || !setting.harmless(known)) ? setting.risk(whose) : undefined;
  if (whose === "copy" && !risk) return;
  const set = whose === "copy" ? `Sets ${name} in a copy of the environment` : name ? `Sets the environment variable ${name}` : "Sets an environment variable whose name is worked out at run time";
  context.report(at, { severity: risk ? "medium" : "info", message: risk ? `${set}, ${risk}` : set });
}

function reportVariableRead(context: SourceContext, name: string | undefined, at: Node): void {
  context.report(at, {
    severity: "info",
    message: name ? `Reads the environment variable ${name}` : "Reads an environment variable whose name is worked out at run time",
    capability: { kind: "env", value: name },
  });
}

/**
 * `process.env.NAME` (or an alias's member) where it stands: a read, unless it is only assigned.
 * In a copy of the environment, what a child's environment is for (variables set, or changed or
 * removed) reads nothing of the process's own: only risky settings are reported (reportVariableSet).
 */
function reportVariableUse(context: SourceContext, member: Node, parent: Node | undefined, whose: Whose = "process"): void {
  // `process.env[KEY]` with `const KEY = "GITHUB_TOKEN"` reads GITHUB_TOKEN.
  const name = member.computed ? context.values.known(member.property as Node) : propertyName(member);
  const written = parent?.type === "AssignmentExpression" && parent.left === member;
  if (written && parent.operator === "=") reportVariableSet(context, name, parent, parent.right as Node, whose);
  else if (!(whose === "copy" && (written || (parent?.type === "UnaryExpression" && parent.operator === "delete")))) reportVariableRead(context, name, member);
}

/** A call of a method of Deno's `Deno.env`: `get` reads a variable, `set` sets one; `has` and `delete` read nothing. */
function reportDenoCall(context: SourceContext, method: Node, call: Node): void {
  const args = call.arguments as Node[];
  const name = context.values.known(args[0]);
  if (propertyName(method) === "get") reportVariableRead(context, name, call);
  else if (propertyName(method) === "set") reportVariableSet(context, name, call, args[1]);
}

/**
 * Environment variables read, by name; reads of the whole environment are flagged by how risky
 * they are. Through the environment under any of its names (EnvironmentNames): `process.env`,
 * the process module's `env`, and names given to it (`const { env } = process`).
 */
export const envRule: CodeRule = {
  id: "env",
  category: "env",
  types: ["MemberExpression"],
  keeps: mayReadEnvironment,
  visitor(context) {
    const { environment } = context;
    return {
      node: (node, parent) => {
        // process.env.NAME / process.env["NAME"]
        if (environment.isEnvironment(node.object as Node)) reportVariableUse(context, node, parent);
        else if (parent !== undefined && environment.isEnvironment(node)) reportWholeEnvironmentUse(context, node, parent);
        // `Reflect.get(process, "env")` and `Deno.env.toObject()`, visited as their callee.
        else if (parent?.type === "CallExpression" && parent.callee === node && environment.isEnvironment(parent)) reportWholeEnvironmentUse(context, parent, ancestorsOf(context.program, parent).at(-1)!);
        // `Deno.env.get("TOKEN")`, `Deno.env.set("DEBUG", "1")`.
        else if (parent?.type === "CallExpression" && parent.callee === node && environment.isDenoEnvironment(node.object as Node)) reportDenoCall(context, node, parent);
      },
      end: () => {
        for (const pattern of environment.nestedPatterns()) reportPatternReads(context, pattern);
        for (const { node, parent, grandparent } of environment.aliasUses()) {
          // A copy's making is reported already (`c` of `const c = { ...process.env }`); its uses
          // are reported as the environment's, worded for a copy (reportVariableUse, listing low).
          const whose = environment.isCopy(node) ? "copy" : "process";
          // `env.FORCE_COLOR = "1"` sets, as through process.env.
          if (parent.type === "MemberExpression" && parent.object === node) reportVariableUse(context, parent, grandparent, whose);
          else reportWholeEnvironmentUse(context, node, parent, whose);
        }
      },
    };
  },
};

import { keyName, type Node, propertyName, unwrap } from "@/scanner/analysis/ast";
import { mayReadEnvironment } from "@/scanner/analysis/environment";
import type { CodeRule, Severity, SourceContext } from "@/scanner/rules/rule";

// What reading the whole environment through Object's or Reflect's functions does.
const WHOLE_ENVIRONMENT_CALLS = new Map<string, { severity: Severity; message: string }>([
  ["JSON.stringify", { severity: "high", message: "Serialises the whole environment, secrets included: the first step of exfiltrating it" }],
  ...["keys", "entries", "values", "getOwnPropertyNames", "getOwnPropertyDescriptors"].map((method) => [`Object.${method}`, { severity: "medium" as const, message: `Iterates over the whole environment (Object.${method})` }] as const),
  ["Reflect.ownKeys", { severity: "medium", message: "Iterates over the whole environment (Reflect.ownKeys)" }],
  ["Object.assign", { severity: "low", message: "Copies the whole environment (Object.assign), secrets included" }],
  ["structuredClone", { severity: "low", message: "Copies the whole environment (structuredClone), secrets included" }],
]);
// Object's and Reflect's functions that read one variable, or set one, named by their second argument.
const VARIABLE_READS = new Set(["Reflect.get", "Reflect.getOwnPropertyDescriptor", "Object.getOwnPropertyDescriptor"]);
const VARIABLE_SETS = new Set(["Reflect.set", "Reflect.defineProperty", "Object.defineProperty"]);

/** `JSON.stringify` of `JSON.stringify(…)`: a call of a global's function, by its text (a file's own `JSON` is taken for the platform's, erring toward reporting). */
function globalCallName(callee: Node): string | undefined {
  if (callee.type === "Identifier") return callee.name as string;
  const object = callee.type === "MemberExpression" ? (callee.object as Node) : undefined;
  const method = object?.type === "Identifier" ? propertyName(callee) : undefined;
  return method === undefined ? undefined : `${object!.name as string}.${method}`;
}

/** A variable's name given by an expression (`process.env[KEY]` with `const KEY = "TOKEN"`), unless part of it is worked out at run time. */
function variableName(context: SourceContext, key: Node | undefined): string | undefined {
  const name = key && context.values.resolve(key);
  return name?.includes("${…}") ? undefined : name;
}

/** `{ A, B: b, ...rest }` destructuring the environment: reads of A and B, and a copy of all the rest. */
function reportPatternReads(context: SourceContext, pattern: Node): void {
  for (const property of pattern.properties as Node[]) {
    if (property.type === "RestElement") {
      context.report(property, { severity: "low", message: "Copies the whole environment (rest of a destructuring), secrets included", capability: { kind: "env", value: "*" } });
      continue;
    }
    const name = property.computed ? variableName(context, property.key as Node) : keyName(property);
    reportVariableRead(context, name, property);
  }
}

/** What code does with the whole environment at `node` (process.env or a name for it), by where it stands. */
function reportWholeEnvironmentUse(context: SourceContext, node: Node, parent: Node): void {
  // const { A, B } = process.env; ({ A } = process.env)
  const pattern = parent.type === "VariableDeclarator" && parent.init === node ? (parent.id as Node) : parent.type === "AssignmentExpression" && parent.right === node ? unwrap(parent.left as Node) : undefined;
  if (pattern?.type === "ObjectPattern") {
    reportPatternReads(context, pattern);
    return;
  }
  if (parent.type === "SpreadElement") {
    context.report(node, { severity: "low", message: "Copies the whole environment (spread), secrets included", capability: { kind: "env", value: "*" } });
    return;
  }
  if (parent.type === "ForInStatement" && parent.right === node) {
    context.report(node, { severity: "medium", message: "Iterates over the whole environment", capability: { kind: "env", value: "*" } });
    return;
  }
  if (parent.type !== "CallExpression") return;
  const args = parent.arguments as Node[];
  const position = args.indexOf(node);
  if (position < 0) return;
  const called = globalCallName(unwrap(parent.callee as Node));
  if (called === undefined) return;
  // `Reflect.get(process.env, "TOKEN")` reads TOKEN as `process.env.TOKEN` does; `Reflect.set` sets it.
  if (position === 0 && (VARIABLE_READS.has(called) || VARIABLE_SETS.has(called))) {
    const name = variableName(context, args[1]);
    if (VARIABLE_SETS.has(called)) reportVariableSet(context, name, parent);
    else reportVariableRead(context, name, parent);
    return;
  }
  // `Object.assign(process.env, parsed)` sets variables; it copies the environment only from a later argument.
  if (called === "Object.assign" && position === 0) {
    context.report(parent, { severity: "info", message: "Sets environment variables (Object.assign into the environment)" });
    return;
  }
  const whole = WHOLE_ENVIRONMENT_CALLS.get(called);
  if (whole) context.report(parent, { ...whole, capability: { kind: "env", value: "*" } });
}

// Variables whose value, set by the code, changes what the process or the programs it starts do.
const RISKY_SETTINGS = new Map([
  ["NODE_TLS_REJECT_UNAUTHORIZED", "which at 0 turns off the checking of TLS certificates for the process's connections"],
  ["NODE_OPTIONS", "which changes how every Node.js program the process starts runs (`--require` loads code into it)"],
]);

/** A variable set (`process.env.NAME = …`) is not read: it reads nothing of the user's. */
function reportVariableSet(context: SourceContext, name: string | undefined, at: Node): void {
  const risk = name === undefined ? undefined : RISKY_SETTINGS.get(name);
  const set = name ? `Sets the environment variable ${name}` : "Sets an environment variable whose name is worked out at run time";
  context.report(at, { severity: risk ? "medium" : "info", message: risk ? `${set}, ${risk}` : set });
}

function reportVariableRead(context: SourceContext, name: string | undefined, at: Node): void {
  context.report(at, {
    severity: "info",
    message: name ? `Reads the environment variable ${name}` : "Reads an environment variable whose name is worked out at run time",
    capability: { kind: "env", value: name },
  });
}

/** `process.env.NAME` (or an alias's member) where it stands: a read, unless it is only assigned. */
function reportVariableUse(context: SourceContext, member: Node, parent: Node | undefined): void {
  // `process.env[KEY]` with `const KEY = "GITHUB_TOKEN"` reads GITHUB_TOKEN.
  const name = member.computed ? variableName(context, member.property as Node) : propertyName(member);
  if (parent?.type === "AssignmentExpression" && parent.left === member && parent.operator === "=") reportVariableSet(context, name, parent);
  else reportVariableRead(context, name, member);
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
      },
      end: () => {
        for (const pattern of environment.nestedPatterns()) reportPatternReads(context, pattern);
        for (const { node, parent, grandparent } of environment.aliasUses()) {
          // `env.FORCE_COLOR = "1"` sets, as through process.env.
          if (parent.type === "MemberExpression" && parent.object === node) reportVariableUse(context, parent, grandparent);
          else reportWholeEnvironmentUse(context, node, parent);
        }
      },
    };
  },
};

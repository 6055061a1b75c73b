import { isEnvironment, isProcess, isProcessEnv, keyName, type Node, propertyName, unwrap } from "@/scanner/analysis/ast";
import { usesOfDeclarations } from "@/scanner/analysis/name-uses";
import type { CodeRule, SourceContext } from "@/scanner/rules/rule";

const ITERATORS = new Set(["keys", "entries", "values"]);

/**
 * The name a declaration gives the whole environment: `const env = process.env`,
 * `const { env } = process`, `import { env } from "node:process"`.
 */
function envAliasOf(declarator: Node): string | undefined {
  if (declarator.type === "ImportDeclaration") {
    if (!["process", "node:process"].includes(String((declarator.source as Node).value))) return undefined;
    const specifier = (declarator.specifiers as Node[]).find((s) => s.type === "ImportSpecifier" && ((s.imported as Node).name ?? (s.imported as Node).value) === "env");
    return specifier ? ((specifier.local as Node).name as string) : undefined;
  }
  const id = declarator.id as Node;
  const init = declarator.init ? unwrap(declarator.init as Node) : undefined;
  if (!init) return undefined;
  if (id.type === "Identifier") return isEnvironment(init) ? (id.name as string) : undefined;
  if (id.type !== "ObjectPattern" || !isProcess(init)) return undefined;
  const property = (id.properties as Node[]).find((p) => p.type === "Property" && keyName(p) === "env");
  const value = property?.value as Node | undefined;
  return value?.type === "Identifier" ? (value.name as string) : undefined;
}

/** What code does with the whole environment at `node` (process.env or a name for it), by where it stands. */
function reportWholeEnvironmentUse(context: SourceContext, node: Node, parent: Node): void {
  // const { A, B } = process.env
  if (parent.type === "VariableDeclarator" && parent.init === node && (parent.id as Node).type === "ObjectPattern") {
    for (const property of (parent.id as Node).properties as Node[]) {
      const name = keyName(property);
      context.report(property, { severity: "info", message: `Reads the environment variable ${name ?? "(computed)"}`, capability: { kind: "env", value: name } });
    }
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
  if (parent.type === "CallExpression" && (parent.arguments as Node[]).includes(node)) {
    const callee = parent.callee as Node;
    const object = callee.type === "MemberExpression" ? (callee.object as Node) : undefined;
    const method = callee.type === "MemberExpression" ? propertyName(callee) : undefined;
    if (object?.type === "Identifier" && object.name === "JSON" && method === "stringify") {
      context.report(parent, { severity: "high", message: "Serialises the whole environment, secrets included: the first step of exfiltrating it", capability: { kind: "env", value: "*" } });
    } else if (object?.type === "Identifier" && object.name === "Object" && method && ITERATORS.has(method)) {
      context.report(parent, { severity: "medium", message: `Iterates over the whole environment (Object.${method})`, capability: { kind: "env", value: "*" } });
    } else if (object?.type === "Identifier" && object.name === "Object" && method === "assign") {
      context.report(parent, { severity: "low", message: "Copies the whole environment (Object.assign), secrets included", capability: { kind: "env", value: "*" } });
    }
  }
}

// Variables whose value, set by the code, changes what the process or the programs it starts do.
const RISKY_SETTINGS = new Map([
  ["NODE_TLS_REJECT_UNAUTHORIZED", "which at 0 turns off the checking of TLS certificates for the process's connections"],
  ["NODE_OPTIONS", "which changes how every Node.js program the process starts runs (`--require` loads code into it)"],
]);

/** A variable set (`process.env.NAME = …`) is not read: it reads nothing of the user's. */
function reportVariableSet(context: SourceContext, member: Node, assignment: Node): void {
  const name = propertyName(member);
  const risk = name === undefined ? undefined : RISKY_SETTINGS.get(name);
  const set = name ? `Sets the environment variable ${name}` : "Sets an environment variable whose name is worked out at run time";
  context.report(assignment, { severity: risk ? "medium" : "info", message: risk ? `${set}, ${risk}` : set });
}

/** `process.env.NAME` (or an alias's member) where it stands: a read, unless it is only assigned. */
function reportVariableUse(context: SourceContext, member: Node, parent: Node | undefined): void {
  if (parent?.type === "AssignmentExpression" && parent.left === member && parent.operator === "=") reportVariableSet(context, member, parent);
  else reportVariableRead(context, member);
}

function reportVariableRead(context: SourceContext, member: Node): void {
  const name = propertyName(member);
  context.report(member, {
    severity: "info",
    message: name ? `Reads the environment variable ${name}` : "Reads an environment variable whose name is worked out at run time",
    capability: { kind: "env", value: name },
  });
}

/**
 * Environment variables read, by name; reads of the whole environment are flagged by how risky
 * they are. Through `process.env` and through a name given to it (`const { env } = process`),
 * whose uses are looked for in the function that declares it.
 */
export const envRule: CodeRule = {
  id: "env",
  category: "env",
  types: ["MemberExpression", "VariableDeclarator", "ImportDeclaration"],
  keeps: (node) => (node.type === "MemberExpression" ? isProcessEnv(node) || isProcessEnv(node.object as Node) : envAliasOf(node) !== undefined),
  visitor(context) {
    // Each name given to the whole environment, with the declarations that give it.
    const aliases = new Map<string, Node[]>();
    return {
      node: (node, parent) => {
        if (node.type !== "MemberExpression") {
          const name = envAliasOf(node)!;
          const declarators = aliases.get(name);
          if (declarators) declarators.push(node);
          else aliases.set(name, [node]);
          return;
        }
        // process.env.NAME / process.env["NAME"]
        if (isProcessEnv(node.object as Node)) reportVariableUse(context, node, parent);
        else if (parent !== undefined) reportWholeEnvironmentUse(context, node, parent);
      },
      end: () => {
        // What holds each use's parent (`env.FORCE_COLOR = "1"` sets, as through process.env), for
        // every alias in one pass over the file's identifiers rather than an index of all names.
        const grandparents = new Map([...context.identifiers.namedAmong(new Set(aliases.keys())).values()].flat().map((use) => [use.node, use.grandparent]));
        // All of a name's declarations at once: a file may repeat `const { env } = process` in one function.
        for (const [name, declarators] of aliases) {
          for (const { node, parent } of usesOfDeclarations(context.program, context.source, name, declarators)) {
            if ((parent.type === "MemberExpression" && parent.property === node && !parent.computed) || (parent.type === "Property" && parent.key === node)) continue;
            if (parent.type === "MemberExpression" && parent.object === node) reportVariableUse(context, parent, grandparents.get(node));
            else reportWholeEnvironmentUse(context, node, parent);
          }
        }
      },
    };
  },
};

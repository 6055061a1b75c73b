import crypto from "node:crypto";
import { keyName, type Node, propertyName, propertyValue, unwrap, walk } from "@/scanner/analysis/ast";
import type { StaticValues } from "@/scanner/analysis/static-value";

/** An MCP tool as the server would list it to a model. */
export interface ToolDefinition {
  name: string;
  /** The description as far as it can be worked out (unknown parts are `${…}`). */
  description: string;
  /** The input schema's source text (a zod shape or a JSON Schema literal), shortened. */
  inputSchema: string;
  /** Texts a model also reads: parameter descriptions (`.describe("…")`, `description:`). */
  parameterTexts: string[];
  file: string;
  line: number;
  /** sha256 over name, description and input schema: a changed tool has a changed hash. */
  hash: string;
  node: Node;
}

/** Descriptions a model reads inside a schema: `.describe("…")` calls and `description: "…"` properties. */
function parameterTexts(schema: Node | undefined, values: StaticValues): string[] {
  if (!schema) return [];
  const texts: string[] = [];
  walk(schema, (node) => {
    if (node.type === "CallExpression" && (node.callee as Node).type === "MemberExpression" && propertyName(node.callee as Node) === "describe") {
      const text = values.resolve((node.arguments as Node[])[0]);
      if (text) texts.push(text);
    }
    if (node.type === "Property" && keyName(node) === "description") {
      const text = values.resolve(node.value as Node);
      if (text) texts.push(text);
    }
  });
  return texts;
}

// Methods that give some of an array's elements (`allTools.filter(isEnabled)`): each may be a tool.
const SUBSETS = new Set(["filter", "slice", "sort", "toSorted", "reverse", "toReversed"]);
const MAX_LIST_DEPTH = 8;

/**
 * The elements a list of tools may hold, as servers assemble it: an array, through a name
 * (`const allTools = […]`), spreads (`[...fileTools, ...gitTools]`), `a.concat(b)`, a subset
 * (`allTools.filter(…)`), either branch of a condition, and `Object.values(TOOLS)` of an object of
 * tool definitions.
 */
function toolElements(wrapped: Node | undefined, values: StaticValues, depth = 0): Node[] {
  if (!wrapped || depth > MAX_LIST_DEPTH) return [];
  const list = unwrap(wrapped);
  if (list.type === "Identifier") return toolElements(values.constant(list), values, depth + 1);
  // `readOnly ? readonlyTools : allTools`, `custom || defaultTools`: either may be listed.
  if (list.type === "ConditionalExpression") return [list.consequent, list.alternate].flatMap((branch) => toolElements(branch as Node, values, depth + 1));
  if (list.type === "LogicalExpression") return [list.left, list.right].flatMap((side) => toolElements(side as Node, values, depth + 1));
  if (list.type === "ArrayExpression") {
    return (list.elements as (Node | null)[]).flatMap((element) => (!element ? [] : element.type === "SpreadElement" ? toolElements(element.argument as Node, values, depth + 1) : [element]));
  }
  const callee = list.type === "CallExpression" ? unwrap(list.callee as Node) : undefined;
  if (callee?.type !== "MemberExpression") return [];
  const method = propertyName(callee);
  const args = list.arguments as Node[];
  if (method === "values") {
    const object = args[0]?.type === "Identifier" ? values.constant(args[0]) : args[0];
    return object?.type === "ObjectExpression" ? (object.properties as Node[]).flatMap((property) => (property.type === "Property" ? [property.value as Node] : [])) : [];
  }
  if (method !== undefined && SUBSETS.has(method)) return toolElements(callee.object as Node, values, depth + 1);
  if (method === "concat") return [callee.object as Node, ...args].flatMap((part) => toolElements(part, values, depth + 1));
  return [];
}

/** The nodes extractTools reads (`x.tool(…)`, `x.registerTool(…)`, `tools:`): what the pre-pass walk gathers for it. */
export function isToolSite(node: Node): boolean {
  if (node.type === "Property") return keyName(node) === "tools";
  if (node.type !== "CallExpression" || (node.callee as Node).type !== "MemberExpression") return false;
  const method = propertyName(node.callee as Node);
  return method === "tool" || method === "registerTool" || method === "addTool";
}

/**
 * The tools a source file defines: `server.tool(name, [description], [schema], …, handler)`,
 * `server.registerTool(name, { description, inputSchema }, handler)`, FastMCP's
 * `server.addTool({ name, description, parameters })`, and the `tools: [...]` lists ListTools
 * handlers return (toolElements). Takes the file's tool sites
 * (isToolSite) in walk order, so that the AST is walked once for every pre-pass.
 */
export function extractTools(sites: Node[], values: StaticValues, file: string, lineOf: (offset: number) => number, source: string): ToolDefinition[] {
  const tools: ToolDefinition[] = [];
  const snippet = (node: Node | undefined) => (node ? source.slice(node.start, node.end).replace(/\s+/g, " ").slice(0, 400) : "");
  // A name that cannot be worked out (say, a constant from another file) still names a tool
  // whose description a model reads: keep it under its source expression.
  const nameOf = (node: Node | undefined) => values.resolve(node) ?? (node ? `⟨${snippet(node).slice(0, 80)}⟩` : undefined);
  const add = (node: Node, name: string | undefined, description: Node | undefined, schema: Node | undefined) => {
    if (!name) return;
    const text = values.resolve(description) ?? "";
    const inputSchema = snippet(schema);
    const hash = crypto.createHash("sha256").update(JSON.stringify([name, text, inputSchema])).digest("hex");
    tools.push({ name, description: text, inputSchema, parameterTexts: parameterTexts(schema, values), file, line: lineOf(node.start), hash, node });
  };

  const visit = (node: Node) => {
    if (node.type === "CallExpression" && (node.callee as Node).type === "MemberExpression") {
      const method = propertyName(node.callee as Node);
      const args = node.arguments as Node[];
      if (method === "tool" && args.length >= 2 && (values.resolve(args[0]) !== undefined || args.length >= 3)) {
        const name = nameOf(args[0]);
        const rest = args.slice(1, -1);
        const description = rest.find((a) => values.resolve(a) !== undefined);
        const schema = rest.find((a) => a.type === "ObjectExpression" || (a.type === "CallExpression" && a !== description));
        add(node, name, description, schema);
      }
      if (method === "registerTool" && args.length >= 2) {
        const config = args[1]!.type === "Identifier" ? (values.constant(args[1]!) ?? args[1]) : args[1];
        add(node, nameOf(args[0]), propertyValue(config, "description"), propertyValue(config, "inputSchema"));
      }
      // FastMCP's `server.addTool({ name, description, parameters, execute })`.
      if (method === "addTool" && args.length === 1) {
        const config = args[0]!.type === "Identifier" ? (values.constant(args[0]!) ?? args[0]) : args[0];
        if (config?.type === "ObjectExpression" && propertyValue(config, "name") && propertyValue(config, "description")) {
          add(node, nameOf(propertyValue(config, "name")), propertyValue(config, "description"), propertyValue(config, "parameters") ?? propertyValue(config, "inputSchema"));
        }
      }
    }
    if (node.type === "Property" && keyName(node) === "tools") {
      // A tool in both branches of a condition (`readOnly ? readonlyTools : allTools`) is one tool.
      const listed = new Set<Node>();
      for (const element of toolElements(node.value as Node, values)) {
        const tool = element.type === "Identifier" ? values.constant(element) : element;
        if (tool?.type !== "ObjectExpression" || listed.has(tool)) continue;
        listed.add(tool);
        if (!propertyValue(tool, "name") || !propertyValue(tool, "description")) continue;
        add(tool, nameOf(propertyValue(tool, "name")), propertyValue(tool, "description"), propertyValue(tool, "inputSchema"));
      }
    }
  };
  for (const node of sites) visit(node);
  return tools.sort((a, b) => a.node.start - b.node.start);
}

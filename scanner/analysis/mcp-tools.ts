import crypto from "node:crypto";
import { globalCallName, keyName, type Node, propertyName, propertyValue, unwrap } from "@/scanner/analysis/ast";
import { ancestorsOf, FUNCTIONS } from "@/scanner/analysis/name-uses";
import { argumentsReading, namesRead, registrationSource, type ToolObject } from "@/scanner/analysis/registration-sources";
import { readSchema } from "@/scanner/analysis/schema-reading";
import { isObject, type StaticValues } from "@/scanner/analysis/static-value";
import type { IdentifierIndex } from "@/scanner/analysis/identifier-index";

/** An MCP tool as the server would list it to a model. */
export interface ToolDefinition {
  name: string;
  /** The description as far as it can be worked out (unknown parts are `${…}`); each one the code gives it, a line apiece. */
  description: string;
  /** Each description the code gives it, apart (not in the report). */
  descriptions: string[];
  /** How many descriptions the code gives it that could not be worked out at all (not in the report). */
  unread: number;
  /** Whether its input schema was read whole (SchemaReading.complete; not in the report). */
  schemaRead: boolean;
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

/** One reading of a registration: where it stands (a call, or the tool object it reads), its arguments as read there, and that tool object. */
interface Reading {
  at: Node;
  args: Node[];
  tool?: ToolObject;
}

// How many readings (helper calls, list elements) of registrations a file gets: servers register tens of tools, a few hundred at most.
const MAX_READINGS = 1024;
// How many helpers around helpers (`addTool` calling `register` calling `server.tool`) a registration is read through.
const MAX_HELPERS = 3;

// Methods that give some of an array's elements (`allTools.filter(isEnabled)`): each may be a tool.
const SUBSETS = new Set(["filter", "slice", "sort", "toSorted", "reverse", "toReversed"]);
const MAX_LIST_DEPTH = 8;

/**
 * The elements lists of tools may hold, as servers assemble them: an array, through a name
 * (`const allTools = […]`), spreads (`[...fileTools, ...gitTools]`), `a.concat(b)`, a subset
 * (`allTools.filter(…)`), either branch of a condition, `Object.values(TOOLS)` of an object of
 * tool definitions, and what is added to a list after its declaration (addedElements). Each list
 * is read once per file, its elements once each: a list spread into itself, or many times over,
 * costs what it holds.
 */
function toolLists(values: StaticValues): { elementsOf: (list: Node | undefined) => Node[]; mappedFrom: WeakMap<Node, ToolObject> } {
  const mappedFrom = new WeakMap<Node, ToolObject>();
  // Each list's elements, with the depth it was read at when the depth limit cut that reading
  // short: the same list reached from nearer the top is read again, holding more, at most once per
  // level, so that no chain of spreads costs more than its lists times the limit.
  const read = new Map<Node, { found: Node[]; cutAt?: number }>();
  let cut = 0;
  const elementsOf = (wrapped: Node | undefined, depth: number): Node[] => {
    if (!wrapped) return [];
    if (depth > MAX_LIST_DEPTH) {
      cut++;
      return [];
    }
    const list = unwrap(wrapped);
    // A name's every use is one list: the one its declaration makes.
    const declared = list.type === "Identifier" ? values.initialiser(list) : undefined;
    const key = declared ?? list;
    const known = read.get(key);
    if (known && (known.cutAt === undefined || known.cutAt <= depth)) return known.found;
    // A list met again while it is being read adds nothing it does not already.
    read.set(key, { found: known?.found ?? [], cutAt: depth });
    const cutBefore = cut;
    const found = [...new Set(list.type === "Identifier" ? namedElements(list, declared, depth) : listElements(list, depth))];
    read.set(key, cut === cutBefore ? { found } : { found, cutAt: depth });
    return found;
  };
  // A list through a name: what its declaration holds, and what is added to it later.
  // The declaration is read as this same list (elementsOf keys a name by it), not met again.
  const namedElements = (name: Node, declared: Node | undefined, depth: number): Node[] => {
    if (!declared) return [];
    if (declared.type !== "ArrayExpression") return listElements(unwrap(declared), depth + 1);
    const added = values.changesOf(name).flatMap((change) => addedElements(change, depth + 1));
    return listElements(declared, depth + 1).concat(added);
  };
  const listElements = (list: Node, depth: number): Node[] => {
    // `readOnly ? readonlyTools : allTools`, `custom || defaultTools`: either may be listed.
    if (list.type === "ConditionalExpression") return [list.consequent, list.alternate].flatMap((branch) => elementsOf(branch as Node, depth + 1));
    if (list.type === "LogicalExpression") return [list.left, list.right].flatMap((side) => elementsOf(side as Node, depth + 1));
    if (list.type === "ArrayExpression") {
      return (list.elements as (Node | null)[]).flatMap((element) => (!element ? [] : element.type === "SpreadElement" ? elementsOf(element.argument as Node, depth + 1) : [element]));
    }
    const callee = list.type === "CallExpression" ? unwrap(list.callee as Node) : undefined;
    if (callee?.type !== "MemberExpression") return [];
    const method = propertyName(callee);
    const args = list.arguments as Node[];
    if (method === "values") {
      const object = configOf(args[0], values);
      return object?.type === "ObjectExpression" ? (object.properties as Node[]).flatMap((property) => (property.type === "Property" ? [property.value as Node] : [])) : [];
    }
    if (method !== undefined && SUBSETS.has(method)) return elementsOf(callee.object as Node, depth + 1);
    if (method === "map") return mappedElements(callee.object as Node, args[0], depth);
    if (method === "concat") return [callee.object as Node, ...args].flatMap((part) => elementsOf(part, depth + 1));
    return [];
  };
  /**
   * The tools a `map` makes of a list's elements, as ListTools handlers list them (`tools:
   * TOOLS.map((t) => ({ name: t.name, description: t.description, inputSchema: toJson(t.schema)
   * }))`): the object the callback returns, reading each element (argumentsReading), at the
   * element's place; mappedFrom keeps which.
   */
  const mappedElements = (list: Node, callback: Node | undefined, depth: number): Node[] => {
    const returned = callback && returnedObject(unwrap(callback));
    if (!returned) return [];
    const pattern = (callback!.params as Node[])[0]!;
    return elementsOf(list, depth + 1).flatMap((entry) => {
      const tool = toolObject(entry, values);
      if (!tool) return [];
      const [read] = argumentsReading([returned], pattern, tool);
      const mapped = { ...read!, start: tool.object.start, end: tool.object.end };
      mappedFrom.set(mapped, tool);
      return [mapped];
    });
  };
  /**
   * The elements a change of a list of tools adds (changesOf): `tools.push(tool)`,
   * `tools.unshift(…)`, `tools.splice(i, 0, tool)`, `tools[i] = tool`. Servers add tools to a list
   * after they declare it, when a flag or the environment says so. Only elements whose description
   * can be worked out count: bundles fill many a `tools` list from data (an AI SDK's request body,
   * an OpenAPI proxy's operations), whose objects say nothing a review could read.
   */
  const addedElements = (change: Node, depth: number): Node[] => {
    // An element of the list itself, not a member of one of its elements (`tools[0].title = …`).
    const ofList = (member: Node) => member.type === "MemberExpression" && unwrap(member.object as Node).type === "Identifier";
    if (change.type === "AssignmentExpression") return ofList(unwrap(change.left as Node)) ? [change.right as Node] : [];
    const callee = change.type === "CallExpression" ? unwrap(change.callee as Node) : undefined;
    if (!callee || !ofList(callee)) return [];
    const method = propertyName(callee);
    const args = change.arguments as Node[];
    const added = method === "push" || method === "unshift" ? args : method === "splice" ? args.slice(2) : [];
    return added
      .flatMap((arg) => (arg.type === "SpreadElement" ? elementsOf(arg.argument as Node, depth) : [arg]))
      .filter((element) => values.resolve(propertyValue(configOf(element, values), "description")) !== undefined);
  };
  return { elementsOf: (list) => elementsOf(list, 0), mappedFrom };
}

/** The object literal a function given one argument returns: `(t) => ({ … })`, or a body of one `return { … }`. */
function returnedObject(callback: Node): Node | undefined {
  if (!FUNCTIONS.has(callback.type) || (callback.params as Node[]).length !== 1) return undefined;
  const body = unwrap(callback.body as Node);
  const statements = body.type === "BlockStatement" ? (body.body as Node[]) : undefined;
  const returned = !statements ? body : statements.length === 1 && statements[0]!.type === "ReturnStatement" ? (statements[0]!.argument as Node | null) : null;
  return returned && unwrap(returned).type === "ObjectExpression" ? unwrap(returned) : undefined;
}

/**
 * A tool's descriptions: the one it is defined with, and each one its name is given later
 * (`tool.description = …`, `tool.description += …`, `Object.assign(tool, …, { description })`,
 * `Reflect.set(tool, "description", …)`, `Object.defineProperty(tool, "description", { value })`),
 * which a model may read instead: a tool defined harmless and poisoned a line later is still poisoned.
 */
function descriptionsOf(name: Node | undefined, config: Node | undefined, values: StaticValues): Node[] {
  const defined = propertyValue(config, "description");
  const descriptions = defined ? [defined] : [];
  // In source order, each `+=` appending to the one before: `d += x; d += y` is read whole.
  const changes = name?.type !== "Identifier" || config?.type !== "ObjectExpression" ? [] : changesThroughNames(name, values).sort((a, b) => a.start - b.start);
  for (const change of changes) descriptions.push(...laterDescriptions(change, values, descriptions.at(-1)));
  return descriptions;
}

// How many names given a tool's object in turn (`const u = t; const v = u`) are followed.
const MAX_NAMES = 4;

/** The changes of a tool's object through its name and the names declared with it (`const u = t; u.description = …`). */
function changesThroughNames(name: Node, values: StaticValues, depth = 0): Node[] {
  return values.changesOf(name).flatMap((change) => {
    const alias = change.type === "VariableDeclarator" ? (change.id as Node) : undefined;
    if (alias === undefined) return [change];
    return alias.type === "Identifier" && depth < MAX_NAMES ? changesThroughNames(alias, values, depth + 1) : [];
  });
}

/** The descriptions one change of a tool's object gives it (descriptionsOf); `+=` appends to `before`, what it had so far. */
function laterDescriptions(change: Node, values: StaticValues, before: Node | undefined): Node[] {
  if (change.type === "AssignmentExpression") {
    const target = unwrap(change.left as Node);
    if (target.type !== "MemberExpression" || propertyName(target) !== "description" || unwrap(target.object as Node).type !== "Identifier") return [];
    const right = change.right as Node;
    return [change.operator === "+=" && before ? { type: "BinaryExpression", operator: "+", start: right.start, end: right.end, left: before, right } : right];
  }
  const called = change.type === "CallExpression" ? globalCallName(unwrap(change.callee as Node)) : undefined;
  const [, key, value] = (change.arguments as Node[] | undefined) ?? [];
  // Sources written in place or declared under a name (`Object.assign(t, extra)`).
  if (called === "Object.assign") return (change.arguments as Node[]).slice(1).flatMap((source) => propertyValue(configOf(unwrap(source), values), "description") ?? []);
  if (key === undefined || values.resolve(key) !== "description") return [];
  if (called === "Reflect.set" && value) return [value];
  const described = called === "Object.defineProperty" || called === "Reflect.defineProperty" ? propertyValue(value && unwrap(value), "value") : undefined;
  return described ? [described] : [];
}

/** A list's entry as a tool object (ToolObject), where it is or names an object literal. */
function toolObject(entry: Node, values: StaticValues): ToolObject | undefined {
  const object = configOf(entry, values);
  return object?.type === "ObjectExpression" ? { entry, object } : undefined;
}

/** A property's static key as a string literal where the key stands: a tool's name in a table of tools. */
function keyAsText(property: Node): Node | undefined {
  const key = property.type === "Property" ? keyName(property) : undefined;
  return key === undefined ? undefined : { type: "Literal", value: key, start: (property.key as Node).start, end: (property.key as Node).end };
}

/** A tool's configuration object: the argument, or the object a name for it is declared with (descriptionsOf reads what changes it later). */
const configOf = (arg: Node | undefined, values: StaticValues) => (arg?.type === "Identifier" ? (values.initialiser(arg) ?? arg) : arg);

// The keys an MCP tool definition holds its input schema under: the protocol's, and the `schema` of
// servers' own `defineTool({ … })` helpers. `parameters`, which model APIs' own tools use
// (OpenAI's, Gemini's), only with FastMCP's `execute` beside it.
const SCHEMA_KEYS = ["inputSchema", "schema"];
// What no schema is: a cron line's `schema: "0 0 * * *"`, a CLI's `["[url]"]`.
const NOT_SCHEMAS = new Set(["Literal", "TemplateLiteral", "ArrayExpression"]);

/**
 * An object shaped like an MCP tool definition, wherever it stands: a `name`, a `description`
 * and an input schema (SCHEMA_KEYS). Servers define their tools through helpers of their own
 * (`defineTool({ name, description, schema, handler })`) and register them in a loop
 * (`server.registerTool(tool.name, { description: tool.description })`), or in another file
 * than the one that lists them; read by the calls alone, their descriptions went unchecked. Not
 * what has a `type` (a model API's tool, `type: "function"`; a response format, `type: "json"`)
 * or an `in` (OpenAPI's parameters), which no MCP tool has. A class with such fields is one too:
 * mcp-framework's tools are `class T extends MCPTool { name = …; description = …; schema = … }`.
 * A shape is a guess: a helper of other keys (`args`) is not read by it.
 */
function isToolShaped(shape: Node): boolean {
  let name = false;
  let description = false;
  let schema = false;
  let parameters = false;
  let execute = false;
  let hinted = false;
  for (const property of fieldsOf(shape)) {
    const key = keyName(property);
    if (key === "type" || key === "in") return false;
    if (key === "name") name = true;
    else if (key === "description") description = true;
    else if (key === "execute") execute = true;
    else if (key === "annotations") hinted = hasToolHints(unwrap(property.value as Node));
    else if (key !== undefined && (SCHEMA_KEYS.includes(key) || key === "parameters") && !NOT_SCHEMAS.has(unwrap(property.value as Node).type)) {
      if (key === "parameters") parameters = true;
      else schema = true;
    }
  }
  // FastMCP's `{ name, description, parameters, execute }`, listed for `server.addTool(t)` in a loop;
  // a table's entry keyed by the tool's name (`{ list_projects: { description, parameters, annotations } }`).
  return description && ((name && (schema || (parameters && execute))) || (hinted && (schema || parameters)));
}

// The hints the protocol's tool annotations give a client (`annotations: { readOnlyHint: true }`): no other object has them.
const TOOL_HINTS = new Set(["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"]);
const hasToolHints = (annotations: Node) => annotations.type === "ObjectExpression" && (annotations.properties as Node[]).some((property) => property.type === "Property" && TOOL_HINTS.has(keyName(property) ?? ""));

/**
 * An object's properties, or a class's fields: its instances' properties, declared (`name = …`)
 * or, as compilers targeting older JavaScript write them, set by its constructor (`this.name = …`).
 */
function fieldsOf(shape: Node): Node[] {
  if (shape.type === "ObjectExpression") return (shape.properties as Node[]).filter((p) => p.type === "Property");
  const members = shape.body as Node[];
  // The constructor with a body: TypeScript's overloads ahead of it have none.
  const constructor = members.find((member) => member.type === "MethodDefinition" && member.kind === "constructor" && (member.value as Node).body != null);
  const statements = ((constructor?.value as Node | undefined)?.body as Node | undefined)?.body as Node[] | undefined;
  // Statements of assignments, also a minifier's one sequence of them (`this.name = "…", this.description = …`).
  const assignments = (statements ?? []).flatMap((statement) => {
    const expression = statement.type === "ExpressionStatement" ? (statement.expression as Node) : undefined;
    return expression?.type === "SequenceExpression" ? (expression.expressions as Node[]) : expression ? [expression] : [];
  });
  const set = assignments.flatMap((wrapped) => {
    const assignment = unwrap(wrapped);
    const target = assignment.type === "AssignmentExpression" && assignment.operator === "=" ? unwrap(assignment.left as Node) : undefined;
    return target?.type === "MemberExpression" && unwrap(target.object as Node).type === "ThisExpression" ? [{ type: "PropertyDefinition", start: assignment.start, end: assignment.end, key: target.property, computed: target.computed, value: assignment.right }] : [];
  });
  // A field declared without a value (`name;`) has none to read.
  return [...members.filter((member) => member.type === "PropertyDefinition" && !member.static && member.value != null), ...set];
}

/** The value of a property or field named `name` among an object's or a class's (fieldsOf). */
const fieldValue = (fields: Node[], name: string): Node | undefined => fields.findLast((field) => keyName(field) === name)?.value as Node | undefined;

// The calls that build an object schema (zod's, TypeBox's `Type.Object`): what else a call gives `server.tool` (`fs.readFileSync(…)`) is a description.
const SCHEMA_BUILDERS = new Set(["object", "Object", "strictObject", "looseObject"]);
const isSchemaCall = (node: Node) => node.type === "CallExpression" && unwrap(node.callee as Node).type === "MemberExpression" && SCHEMA_BUILDERS.has(propertyName(unwrap(node.callee as Node)) ?? "");

/** Whether an argument of `server.tool(…)` may be its schema: an object, a schema built by a call (isSchemaCall), or a name holding or importing one. */
function isSchemaLike(argument: Node, values: StaticValues): boolean {
  const node = unwrap(argument);
  if (node.type === "ObjectExpression" || isSchemaCall(node)) return true;
  if (node.type === "Identifier" && values.constant(node, (init) => init.type === "ObjectExpression" || isSchemaCall(init))) return true;
  return (node.type === "Identifier" || node.type === "MemberExpression") && values.ownFileSchema(node) !== undefined;
}

// The brackets around the source of a tool's name that cannot be worked out.
const UNRESOLVED_NAME = ["⟨", "⟩"] as const;

/** Whether a tool's name is the source expression of one that could not be worked out (extractTools). */
export const isUnresolvedName = (name: string) => name.startsWith(UNRESOLVED_NAME[0]) && name.endsWith(UNRESOLVED_NAME[1]);

/** The nodes extractTools reads (`x.tool(…)`, `x.registerTool(…)`, `tools:`, objects and classes shaped as tools): what the pre-pass walk gathers for it. */
export function isToolSite(node: Node): boolean {
  if (node.type === "Property") return keyName(node) === "tools";
  if (node.type === "ObjectExpression") return (node.properties as Node[]).length >= 3 && isToolShaped(node);
  if (node.type === "ClassBody") return (node.body as Node[]).length > 0 && isToolShaped(node);
  if (node.type !== "CallExpression" || (node.callee as Node).type !== "MemberExpression") return false;
  const method = propertyName(node.callee as Node);
  return method === "tool" || method === "registerTool" || method === "addTool";
}

/**
 * The tools a source file defines: `server.tool(name, [description], [schema], …, handler)`,
 * `server.registerTool(name, { description, inputSchema }, handler)`, FastMCP's
 * `server.addTool({ name, description, parameters })`, the `tools: [...]` lists ListTools
 * handlers return (toolLists), and, once none of those has it, each object shaped as a tool
 * (isToolShaped) whose description can be worked out. Takes the file's tool sites (isToolSite)
 * in walk order, so that the AST is walked once for every pre-pass.
 */
export function extractTools(program: Node, sites: Node[], declarations: Node[], values: StaticValues, identifiers: IdentifierIndex, file: string, lineOf: (offset: number) => number, source: string): { tools: ToolDefinition[]; incomplete?: string } {
  const tools: ToolDefinition[] = [];
  const snippet = (node: Node | undefined) => (node ? source.slice(node.start, node.end).replace(/\s+/g, " ").slice(0, 400) : "");
  // A name that cannot be worked out (say, a constant from another file) still names a tool
  // whose description a model reads: keep it under its source expression.
  const nameOf = (node: Node | undefined) => values.resolve(node) ?? (node ? `${UNRESOLVED_NAME[0]}${snippet(node).slice(0, 80)}${UNRESOLVED_NAME[1]}` : undefined);
  // Descriptions given later (descriptionsOf) follow the first, a line each.
  const add = (node: Node, name: string | undefined, descriptions: (Node | undefined)[], schema: Node | undefined) => {
    if (!name) return;
    const resolved = descriptions.map((description) => (description ? values.resolve(description) : ""));
    const texts = resolved.filter((text): text is string => Boolean(text));
    const unread = resolved.filter((text) => text === undefined).length;
    const text = texts.join("\n");
    // The hash covers the whole schema and what it is built from; the report shows its start.
    const reading = readSchema(schema, values, source);
    const hash = crypto.createHash("sha256").update(JSON.stringify([name, text, reading.source])).digest("hex");
    tools.push({ name, description: text, descriptions: texts, unread, schemaRead: reading.complete, inputSchema: snippet(schema), parameterTexts: reading.texts, file, line: lineOf(node.start), hash, node });
  };

  // The objects a call or a list made a tool of: one tool each, however many lists hold it.
  const read = new Set<Node>();
  const { elementsOf, mappedFrom } = toolLists(values);
  // The tool objects of a list a loop goes over: its elements, or `Object.entries`' keys and values.
  const toolObjectsOf = (list: Node): ToolObject[] => {
    const called = unwrap(list);
    if (called.type === "CallExpression" && globalCallName(unwrap(called.callee as Node)) === "Object.entries") {
      const object = configOf((called.arguments as Node[])[0], values);
      return object?.type !== "ObjectExpression" ? [] : (object.properties as Node[]).flatMap((property) => {
        const key = keyAsText(property);
        const tool = key && toolObject(property.value as Node, values);
        return tool ? [{ ...tool, key }] : [];
      });
    }
    return elementsOf(list).flatMap((entry) => toolObject(entry, values) ?? []);
  };
  /**
   * The readings of a registration whose tool's name is not written in it (`named` tells): once
   * per tool object a loop around it gives it, once per call of a function of the file's own it
   * is in, read with that call's arguments (registrationSource; a call itself in a loop or
   * another helper is read the same way, MAX_HELPERS deep), or of the object its name is read
   * from (`server.registerTool(T.name, { description: T.description }, …)`, however T changes
   * later: descriptionsOf reads each description it is given); as written where none tells a name.
   */
  // Helpers calling helpers multiply their calls: a file's registrations are read at most MAX_READINGS times in all.
  let readingsLeft = MAX_READINGS;
  let cut = false;
  const readingsOf = (call: Node, args: Node[], named: (args: Node[]) => boolean, depth = 0): Reading[] => {
    if (named(args)) return [{ at: call, args }];
    const source = depth <= MAX_HELPERS ? registrationSource(program, call, namesRead(args)) : undefined;
    let readings: Reading[] = [];
    if (source && "helper" in source) {
      readings = identifiers.named(source.helper).flatMap(({ node, parent, grandparent }) => {
        // `helper(…)`, or a method's `this.helper(…)`, `server.helper(…)`.
        const member = source.method && parent.type === "MemberExpression" && parent.property === node && !parent.computed;
        const call = member ? grandparent : parent;
        if (call?.type !== "CallExpression" || call.callee !== (member ? parent : node) || (!member && source.method)) return [];
        if (readingsLeft-- <= 0) {
          cut = true;
          return [];
        }
        const given = call.arguments as Node[];
        if (given.some((arg) => arg.type === "SpreadElement")) return [];
        const read = source.parameters.reduce((so, parameter, i) => (given[i] ? argumentsReading(so, parameter, { entry: given[i]!, object: configOf(given[i], values)! }) : so), args);
        return readingsOf(call, read, named, depth + 1);
      });
    } else {
      const first = unwrap(args[0]!);
      const owner = !source && first.type === "MemberExpression" ? unwrap(first.object as Node) : undefined;
      const object = owner?.type === "Identifier" ? values.initialiser(owner, isObject) : undefined;
      const all = source ? toolObjectsOf(source.list).map((tool) => ({ tool, pattern: source.pattern })) : object ? [{ tool: { entry: owner!, object }, pattern: owner! }] : [];
      const each = all.slice(0, Math.max(readingsLeft, 0));
      if (each.length < all.length) cut = true;
      readingsLeft -= each.length;
      readings = each.map(({ tool, pattern }) => ({ at: tool.object, args: argumentsReading(args, pattern, tool), tool }));
    }
    const resolved = readings.filter((reading) => named(reading.args));
    return resolved.length ? resolved : [{ at: call, args }];
  };
  // Whether a registration's first argument, its tool's name, can be worked out.
  const nameKnown = (args: Node[]) => values.resolve(args[0]) !== undefined;
  // A description a tool object gives a registration through its member is each one the object is given.
  const descriptionsThrough = (tool: ToolObject | undefined, descriptions: (Node | undefined)[]) =>
    tool && descriptions[0] !== undefined && descriptions[0] === propertyValue(tool.object, "description") ? descriptionsOf(tool.entry, tool.object, values) : descriptions;
  const visit = (node: Node) => {
    if (node.type === "CallExpression" && (node.callee as Node).type === "MemberExpression") {
      const method = propertyName(node.callee as Node);
      const written = node.arguments as Node[];
      if (method === "tool" && written.length >= 2 && (nameKnown(written) || written.length >= 3)) {
        for (const { at, args, tool } of readingsOf(node, written, nameKnown)) {
          const name = nameOf(args[0]);
          const rest = args.slice(1, -1);
          // `tool(name, description, schema, …, handler)`: a second argument that is no schema is a
          // description, also one made at run time (which then is read as not worked out).
          const description = rest.find((a) => values.resolve(a) !== undefined) ?? (rest.length >= 2 && !isSchemaLike(rest[0]!, values) ? rest[0] : undefined);
          const schema = rest.find((a) => a.type === "ObjectExpression" || (a.type === "CallExpression" && a !== description));
          if (tool) read.add(tool.object);
          add(at, name, descriptionsThrough(tool, [description]), schema);
        }
      }
      if (method === "registerTool" && written.length >= 2) {
        for (const { at, args, tool } of readingsOf(node, written, nameKnown)) {
          const config = configOf(args[1], values);
          if (config) read.add(config);
          if (tool) read.add(tool.object);
          add(at, nameOf(args[0]), descriptionsThrough(tool, descriptionsOf(args[1], config, values)), propertyValue(config, "inputSchema"));
        }
      }
      // FastMCP's `server.addTool({ name, description, parameters, execute })`.
      if (method === "addTool" && written.length === 1) {
        for (const { at, args } of readingsOf(node, written, (given) => configOf(given[0], values)?.type === "ObjectExpression")) {
          const config = configOf(args[0], values);
          if (config) read.add(config);
          if (config?.type === "ObjectExpression" && propertyValue(config, "name") && propertyValue(config, "description")) {
            add(at, nameOf(propertyValue(config, "name")), descriptionsOf(args[0], config, values), propertyValue(config, "parameters") ?? propertyValue(config, "inputSchema"));
          }
        }
      }
    }
    if (node.type === "Property" && keyName(node) === "tools") {
      // A tool in both branches of a condition (`readOnly ? readonlyTools : allTools`) is one tool.
      for (const element of elementsOf(node.value as Node)) {
        const tool = configOf(element, values);
        const origin = mappedFrom.get(element);
        if (tool?.type !== "ObjectExpression" || read.has(tool) || (origin && read.has(origin.object))) continue;
        read.add(origin?.object ?? tool);
        if (!propertyValue(tool, "name") || !propertyValue(tool, "description")) continue;
        add(tool, nameOf(propertyValue(tool, "name")), descriptionsThrough(origin, descriptionsOf(element, tool, values)), propertyValue(tool, "inputSchema"));
      }
    }
  };
  const isShape = (node: Node) => node.type === "ObjectExpression" || node.type === "ClassBody";
  // The key a tool without a name of its own is listed under in a table of tools: its name.
  const keyOf = (shape: Node): Node | undefined => {
    if (shape.type !== "ObjectExpression") return undefined;
    const holder = ancestorsOf(program, shape).at(-1);
    return holder?.value === shape ? keyAsText(holder) : undefined;
  };
  const shaped = sites.filter(isShape);
  for (const node of sites) if (!isShape(node)) visit(node);
  // The names shaped tools are declared under (`const t = { name, … }`), whose later descriptions count too.
  const namedBy = new Map<Node, Node>();
  if (shaped.length) for (const node of declarations) if (node.type === "VariableDeclarator" && node.init) namedBy.set(unwrap(node.init as Node), node.id as Node);
  for (const shape of shaped) {
    if (read.has(shape)) continue;
    const fields = fieldsOf(shape);
    const description = fieldValue(fields, "description");
    if (values.resolve(description) === undefined) continue;
    const schema = [...SCHEMA_KEYS, "parameters"].map((key) => fieldValue(fields, key)).find((value) => value !== undefined);
    const descriptions = shape.type === "ObjectExpression" ? descriptionsOf(namedBy.get(shape), shape, values) : [description];
    add(shape, nameOf(fieldValue(fields, "name") ?? keyOf(shape)), descriptions, schema);
  }
  tools.sort((a, b) => a.node.start - b.node.start);
  return cut ? { tools, incomplete: `its tools are registered through more than ${MAX_READINGS} calls of helpers and elements of lists, past which they were not read, so tool descriptions may be missed` } : { tools };
}

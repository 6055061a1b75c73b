import { isExportsObject, keyName, type Node, propertyName, unwrap } from "@/scanner/analysis/ast";
import type { IdentifierIndex, IdentifierUse } from "@/scanner/analysis/identifier-index";
import { isWrittenMember } from "@/scanner/analysis/object-changes";
import type { KeptReadings } from "@/scanner/analysis/own-file-exports";
import { readSchema, schemaAnswer } from "@/scanner/analysis/schema-reading";
import { isObject, type StaticValues } from "@/scanner/analysis/static-value";
import { topLevelExports } from "@/scanner/analysis/top-level-exports";

// Objects of texts are followed this deep (`TOOLS.add.description`), and at most this many
// texts, and this many characters of them, are kept a file: a tool's descriptions and names are
// a few kilobytes each, and a file exporting a huge table of texts should not cost an importer's
// analysis its memory.
const MAX_DEPTH = 4;
const MAX_TEXTS = 1024;
const MAX_CHARACTERS = 4 * 1024 * 1024;
// An exported object or call this long at most may be a tool's input schema (readSchema).
const MAX_SCHEMA_SOURCE = 64 * 1024;

// What may hold a text: a literal, a template, a concatenation or a join, a constant's name, an object of them.
const MAY_BE_TEXT = new Set(["Literal", "TemplateLiteral", "BinaryExpression", "CallExpression", "Identifier", "ObjectExpression"]);
const isCall = (init: Node) => init.type === "CallExpression";

/** The value an assignment finally gives, through a chain (`exports.a = exports.b = x`: x). */
function assignedValue(assignment: Node): Node {
  let value = assignment.right as Node;
  while (value.type === "AssignmentExpression") value = value.right as Node;
  return value;
}

/** Whether an identifier names the member something writes (`.description` of `o.description = x`, isWrittenMember). */
const writesMember = ({ node, parent, grandparent }: IdentifierUse) => parent.type === "MemberExpression" && parent.property === node && !parent.computed && isWrittenMember(parent, grandparent);

// An assignment operator (not a comparison) after a member, past closing parentheses and comments: `= v`, `+= v`, `??= v`.
const ASSIGNED = /^(?:[\s)]|\/\*[\s\S]*?\*\/|\/\/[^\n]*\n)*(?:[-+*/%&|^]|\*\*|<<|>>>?|&&|\|\||\?\?)?=(?!=)/;

/** The expressions the top level of a file runs as statements: a call given the exports object there is one of the file's exports (tsc's helpers). */
function topLevelExpressions(program: Node): Set<Node> {
  const expressions = new Set<Node>();
  for (const statement of program.body as Node[]) {
    if (statement.type !== "ExpressionStatement") continue;
    const expression = unwrap(statement.expression as Node);
    for (const part of expression.type === "SequenceExpression" ? (expression.expressions as Node[]) : [expression]) expressions.add(unwrap(part));
  }
  return expressions;
}

/**
 * Whether a use of `exports` (alone, or in `module.exports`) lets code give any export another
 * value: a member written by brackets (`exports[k] = v`, `exports["A"] = v`), the object handed
 * to a function anywhere but in a top-level statement (`Object.assign(exports, …)` in a
 * function), or given another name (`const e = exports`).
 */
function changesExports({ node, parent, grandparent }: IdentifierUse, source: string, topLevel: Set<Node>): boolean {
  const object = parent.type === "MemberExpression" && parent.property === node && isExportsObject(parent) ? parent : node;
  if (!isExportsObject(object)) return false;
  const around = object === node ? parent : grandparent;
  if (around?.type === "MemberExpression") return around.object === object && around.computed === true && ASSIGNED.test(source.slice(around.end, around.end + 256));
  if (around?.type === "CallExpression") return (around.arguments as Node[]).includes(object) && !topLevel.has(around);
  if (around?.type === "VariableDeclarator") return around.init === object;
  return around?.type === "AssignmentExpression" && around.right === object;
}

const FUNCTIONS = new Set(["FunctionExpression", "ArrowFunctionExpression", "ClassExpression"]);

/**
 * Whether an exported object or call another file imports as a schema may be one: not too long
 * to read, built by calls of members (`z.object(…)`, `Type.Object(…)`; not a function called at
 * once), or an object of no functions (a zod shape, a JSON Schema).
 */
function maySchema(node: Node): boolean {
  if (node.end - node.start > MAX_SCHEMA_SOURCE) return false;
  if (node.type === "CallExpression") return unwrap(node.callee as Node).type === "MemberExpression";
  return (node.properties as Node[]).every((property) => property.type === "Property" && !property.method && !FUNCTIONS.has(unwrap(property.value as Node).type));
}

/**
 * The texts and input schemas a file exports: texts it works out itself (StaticValues.resolve), by member path:
 * `export const DESCRIPTION = "…"`, `exports.NAME = "add"`, `module.exports = { TOOLS: { add: {
 * description: "…" } } }`, an exported constant's object's members. A server that keeps its tool
 * descriptions in another file (`import { DESCRIPTION } from "./descriptions.js"`) has them read
 * where the tool is defined (BoundFile.ownFileText), so a poisoned description cannot hide one
 * file away; and each exported object or call another file imports as a tool's input schema
 * (`inputSchema: zodToJsonSchema(ReadFileArgs)`; `wantedSchemas`) and short enough to be one,
 * read as one (readSchema): its parameter descriptions a model reads too.
 * Only what the file cannot change later is kept: of ES modules' declarations, `const` names
 * whose objects nothing changes; of CommonJS's exports, none under a member name the file writes
 * anywhere but in its top-level exports (isWrittenMember: `later(() => { exports.DESCRIPTION =
 * poisoned })`), none given in a top-level `if`, none a replacement or merge of the exports came
 * after, none at all where the exports can change at run time (changesExports); of an object,
 * no member a spread or a computed key after it may override. A default export's members are
 * kept for default imports too (readableThroughDefault).
 */
export function exportedReadings(program: Node, source: string, values: StaticValues, identifiers: IdentifierIndex, wantedSchemas?: ReadonlySet<string>): ExportedReadings {
  const texts = new Map<string, string>();
  const schemas = new Map<string, string>();
  const schemaNames = new Set<string>();
  const exported = topLevelExports(program);
  if (!exported.length) return { texts, schemas, schemaNames };
  // `export const X = …`: kept while the object it holds does not change (an exported `let` or `var` may be given any value).
  const declaredAs = new Map<Node, Node | undefined>();
  for (const statement of program.body as Node[]) {
    const declaration = statement.type === "ExportNamedDeclaration" ? (statement.declaration as Node | null) : null;
    if (declaration?.type !== "VariableDeclaration") continue;
    for (const declarator of declaration.declarations as Node[]) {
      if (declarator.init) declaredAs.set(declarator.init as Node, declaration.kind === "const" && (declarator.id as Node).type === "Identifier" ? (declarator.id as Node) : undefined);
    }
  }
  const exportedValues = new Set(exported.map((entry) => entry.value));
  const rewritten = new Map<string, boolean>();
  const writtenElsewhere = (name: string) => {
    let written = rewritten.get(name);
    if (written === undefined) rewritten.set(name, (written = identifiers.named(name).some((use) => writesMember(use) && (use.grandparent!.type !== "AssignmentExpression" || !exportedValues.has(assignedValue(use.grandparent!))))));
    return written;
  };
  const topLevel = topLevelExpressions(program);
  const changedAtRunTime = identifiers.named("exports").some((use) => changesExports(use, source, topLevel));
  // Everything under a path goes when it is given another value (`exports.T = {…}; exports.T = load()`):
  // the paths read as objects (`expanded`) have members to look for.
  const expanded = new Set<string>();
  const forget = (path: string) => {
    texts.delete(path);
    schemas.delete(path);
    if (!expanded.delete(path)) return;
    for (const kept of [texts, schemas]) for (const key of [...kept.keys()]) if (key.startsWith(`${path}.`)) kept.delete(key);
  };
  let characters = 0;
  // `membersKept`: in an object a declared name holds, which nothing changes through the name
  // (changesOf); `held`: that name, and the keys from it, for the objects in it the file gives
  // names of their own (`const a = T.add; a.description = …`: readsThroughNamedMember).
  const add = (path: string, value: Node, depth: number, membersKept: boolean, held?: { name: Node; keys: string[] }): void => {
    forget(path);
    const node = unwrap(value);
    if (!MAY_BE_TEXT.has(node.type)) return;
    const object = node.type === "ObjectExpression" ? node : node.type === "Identifier" ? values.constant(node, isObject) : undefined;
    const schema = object ?? (node.type === "CallExpression" ? node : node.type === "Identifier" ? values.constant(node, isCall) : undefined);
    if (schema && depth === 0) schemaNames.add(path);
    // Read only as other files ask (a CommonJS module's members may be asked for through `default`).
    const wanted = wantedSchemas !== undefined && (wantedSchemas.has(path) || wantedSchemas.has(`default.${path}`));
    // One too long, or made by a function, is not read: its importers learn that, and its digest.
    if (schema && wanted && schemas.size < MAX_TEXTS) {
      schemas.set(path, schemaAnswer(maySchema(schema) ? readSchema(node, values, source) : { source: source.slice(schema.start, schema.end), texts: [], complete: false }));
    }
    if (object) {
      if (depth >= MAX_DEPTH) return;
      expanded.add(path);
      // A constant's object is one nothing changes through its name (StaticValues.constant); a
      // member of an object literal exported as written may be written again by its name.
      const kept = membersKept || object !== node;
      const holder = object !== node ? { name: node, keys: [] } : held;
      for (const property of object.properties as Node[]) {
        const key = property.type === "Property" ? keyName(property) : undefined;
        const inner = key !== undefined && holder ? { name: holder.name, keys: [...holder.keys, key] } : undefined;
        // A spread or a key worked out at run time may give any member before it another value.
        if (key === undefined) forget(path);
        else if ((kept || !writtenElsewhere(key)) && !(inner && values.readsThroughNamedMember(inner.name, inner.keys))) add(`${path}.${key}`, property.value as Node, depth + 1, kept, inner);
        else forget(`${path}.${key}`);
      }
      return;
    }
    const text = values.resolve(node);
    if (text === undefined || texts.size >= MAX_TEXTS || characters + text.length > MAX_CHARACTERS) return;
    characters += text.length;
    texts.set(path, text);
  };
  for (const { name, value, keepsOwn, conditional } of exported) {
    // Replaced or merged into (`module.exports = require("./other")`, `Object.assign(module.exports, …)`): any name may have another value now.
    if (name === undefined) {
      if (!keepsOwn) for (const kept of [texts, schemas]) kept.clear();
      continue;
    }
    // A name that may be given its value or not (`if (…) exports.A = …`), or again at run time, is not known.
    const declared = declaredAs.has(value);
    const constant = declaredAs.get(value);
    const changes = declared ? !constant || (isObject(unwrap(value)) && values.changesOf(constant).length > 0) : changedAtRunTime || writtenElsewhere(name);
    if (conditional || changes) forget(name);
    else add(name, value, 0, declared, constant && { name: constant, keys: [] });
  }
  for (const kept of [texts, schemas]) readableThroughDefault(kept);
  return { texts, schemas, schemaNames };
}

/** What a file keeps for importers (OwnFileExports): its texts and wanted schemas by member path, and the names it exports something under that may be a schema. */
export type ExportedReadings = Record<KeptReadings, Map<string, string>> & { schemaNames: Set<string> };

/**
 * A default import reads the default export's members where another file names the module
 * itself (`import t from "./texts.js"; t.A`): `default.A` is also kept as `A`, unless the file
 * exports another `A` of its own, which then no reader can tell from it (both go).
 */
function readableThroughDefault(kept: Map<string, string>): void {
  for (const [key, value] of [...kept]) {
    if (!key.startsWith("default.")) continue;
    const path = key.slice("default.".length);
    const named = kept.get(path);
    if (named === undefined) kept.set(path, value);
    else if (named !== value) {
      kept.delete(path);
      kept.delete(key);
    }
  }
}

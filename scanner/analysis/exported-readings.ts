import { isExportsObject, keyName, type Node, propertyName, unwrap } from "@/scanner/analysis/ast";
import type { IdentifierIndex, IdentifierUse } from "@/scanner/analysis/identifier-index";
import type { KeptReadings } from "@/scanner/analysis/own-file-exports";
import { readSchema, schemaAnswer } from "@/scanner/analysis/schema-reading";
import type { StaticValues } from "@/scanner/analysis/static-value";
import { topLevelExports } from "@/scanner/analysis/top-level-exports";

// Objects of texts are followed this deep (`TOOLS.add.description`), and at most this many
// texts, and this many characters of them, are kept a file: a tool's descriptions and names are
// a few kilobytes each, and a file exporting a huge table of texts should not cost an importer's
// analysis its memory.
const MAX_DEPTH = 4;
const MAX_TEXTS = 1024;
const MAX_CHARACTERS = 4 * 1024 * 1024;
// An exported object or call this long at most may be a tool's input schema (readSchema).
const MAX_SCHEMA_SOURCE = 16 * 1024;

// What may hold a text: a literal, a template, a concatenation or a join, a constant's name, an object of them.
const MAY_BE_TEXT = new Set(["Literal", "TemplateLiteral", "BinaryExpression", "CallExpression", "Identifier", "ObjectExpression"]);
const isObject = (init: Node) => init.type === "ObjectExpression";
const isCall = (init: Node) => init.type === "CallExpression";

/** The value an assignment finally gives, through a chain (`exports.a = exports.b = x`: x). */
function assignedValue(assignment: Node): Node {
  let value = assignment.right as Node;
  while (value.type === "AssignmentExpression") value = value.right as Node;
  return value;
}

/** Whether an identifier names the member an assignment or update writes (`.description` of `o.description = x`). */
const writesMember = ({ node, parent, grandparent }: IdentifierUse) =>
  parent.type === "MemberExpression" && parent.property === node && !parent.computed && (grandparent?.type === "UpdateExpression" || (grandparent?.type === "AssignmentExpression" && grandparent.left === parent));

// An assignment operator (not a comparison) right after a member: `= v`, `+= v`, `??= v`.
const ASSIGNED = /^\s*(?:[-+*/%&|^]|\*\*|<<|>>>?|&&|\|\||\?\?)?=(?!=)/;

/** Whether a use of `exports` is an object a member spelt at run time is written to (`exports[k] = v`, `module.exports[k] = v`). */
function writesComputedExport({ node, parent, grandparent }: IdentifierUse, source: string): boolean {
  const object = parent.type === "MemberExpression" && parent.property === node && isExportsObject(parent) ? parent : node;
  if (!isExportsObject(object)) return false;
  const member = object === node ? parent : grandparent;
  // The member's own parent is not among the use's: the text after it says whether it is assigned.
  return member?.type === "MemberExpression" && member.object === object && propertyName(member) === undefined && ASSIGNED.test(source.slice(member.end, member.end + 8));
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
 * Only texts the file cannot change later are kept: of ES modules' declared names, none that is
 * assigned again (`export let`) or holds an object that changes; of CommonJS's, none when
 * the file writes a member of its exports spelt at run time, and none under a member name it
 * writes anywhere but in its top-level exports (`exports.DESCRIPTION = "…"; later(() => {
 * exports.DESCRIPTION = poisoned })`).
 */
export function exportedReadings(program: Node, source: string, values: StaticValues, identifiers: IdentifierIndex, wantedSchemas?: ReadonlySet<string>): Record<KeptReadings, Map<string, string>> {
  const texts = new Map<string, string>();
  const schemas = new Map<string, string>();
  const exported = topLevelExports(program);
  if (!exported.length) return { texts, schemas };
  // `export const X = …`: kept while nothing assigns the name again or changes the object it holds.
  const declaredAs = new Map<Node, { id: Node; kind: string }>();
  for (const statement of program.body as Node[]) {
    const declaration = statement.type === "ExportNamedDeclaration" ? (statement.declaration as Node | null) : null;
    if (declaration?.type !== "VariableDeclaration") continue;
    for (const declarator of declaration.declarations as Node[]) {
      if ((declarator.id as Node).type === "Identifier" && declarator.init) declaredAs.set(declarator.init as Node, { id: declarator.id as Node, kind: declaration.kind as string });
    }
  }
  const keepsDeclared = ({ id, kind }: { id: Node; kind: string }, init: Node) =>
    (kind === "const" || !values.writtenWithin(id.name as string, program)) && !(isObject(unwrap(init)) && values.changesOf(id).length);
  const exportedValues = new Set(exported.map((entry) => entry.value));
  const rewritten = new Map<string, boolean>();
  const writtenElsewhere = (name: string) => {
    let written = rewritten.get(name);
    if (written === undefined) rewritten.set(name, (written = identifiers.named(name).some((use) => writesMember(use) && (use.grandparent!.type !== "AssignmentExpression" || !exportedValues.has(assignedValue(use.grandparent!))))));
    return written;
  };
  const computedWrites = identifiers.named("exports").some((use) => writesComputedExport(use, source));
  let characters = 0;
  // `membersKept`: in an object a declared name holds, which nothing changes through the name (changesOf).
  const add = (path: string, value: Node, depth: number, membersKept: boolean): void => {
    const node = unwrap(value);
    if (!MAY_BE_TEXT.has(node.type)) {
      texts.delete(path);
      schemas.delete(path);
      return;
    }
    const object = node.type === "ObjectExpression" ? node : node.type === "Identifier" ? values.constant(node, isObject) : undefined;
    const schema = object ?? (node.type === "CallExpression" ? node : node.type === "Identifier" ? values.constant(node, isCall) : undefined);
    // Read only as other files ask (a CommonJS module's members may be asked for through `default`).
    const wanted = wantedSchemas !== undefined && (wantedSchemas.has(path) || wantedSchemas.has(`default.${path}`));
    if (schema && wanted && maySchema(schema) && schemas.size < MAX_TEXTS) schemas.set(path, schemaAnswer(readSchema(node, values, source)));
    else schemas.delete(path);
    if (object) {
      if (depth >= MAX_DEPTH) return;
      // A constant's object is one nothing changes through its name (StaticValues.constant); a
      // member of an object literal exported as written may be written again by its name.
      const kept = membersKept || object !== node;
      for (const property of object.properties as Node[]) {
        const key = property.type === "Property" ? keyName(property) : undefined;
        if (key !== undefined && (kept || !writtenElsewhere(key))) add(`${path}.${key}`, property.value as Node, depth + 1, kept);
      }
      return;
    }
    const text = values.resolve(node);
    if (text === undefined || texts.size >= MAX_TEXTS || characters + text.length > MAX_CHARACTERS) {
      texts.delete(path);
      return;
    }
    characters += text.length;
    texts.set(path, text);
  };
  for (const { name, value } of exported) {
    if (name === undefined) continue;
    const declared = declaredAs.get(value);
    if (declared ? !keepsDeclared(declared, value) : computedWrites || writtenElsewhere(name)) {
      texts.delete(name);
      schemas.delete(name);
    } else add(name, value, 0, declared !== undefined);
  }
  return { texts, schemas };
}

import crypto from "node:crypto";
import { childNodes, keyName, type Node, propertyName } from "@/scanner/analysis/ast";
import { isReference } from "@/scanner/analysis/identifier-index";
import type { StaticValues } from "@/scanner/analysis/static-value";
import { appendAll } from "@/scanner/append-all";

/**
 * What a model reads of a tool's input schema: the descriptions in it (`.describe("…")`,
 * `description: "…"`), and the whole of its source, with what the names it is built from hold
 * (`zodToJsonSchema(ReadFileArgs)`, `z.object(shape)`, a schema imported from another of the
 * package's files), for the tool's hash: a change anywhere in it is a change to the tool.
 */
export interface SchemaReading {
  /** The schema's source, whitespace collapsed, then each name's declaration it is built from (or, from another file, its reading's digest). */
  source: string;
  texts: string[];
  /** Whether all of it was read: not when a limit stopped the reading, or a schema it imports was not read whole in its own file. */
  complete: boolean;
}

// Names followed from a schema to their declarations, this deep and at most this many: a
// schema is built from a few shapes, and a reading must not walk a bundle.
const MAX_DEPTH = 8;
const MAX_NAMES = 64;

// What a name a schema is built from may hold: a shape, a call making a schema, a list of them.
const isSchemaPart = (init: Node) => init.type === "ObjectExpression" || init.type === "CallExpression" || init.type === "ArrayExpression";

const collapsed = (source: string, node: Node) => source.slice(node.start, node.end).replace(/\s+/g, " ");

/** A reading as another file's analysis receives it (BoundFile.ownFileSchema): its texts, and its source's digest. */
export const schemaAnswer = (reading: SchemaReading) =>
  JSON.stringify({ digest: crypto.createHash("sha256").update(reading.source).digest("hex"), texts: reading.texts, complete: reading.complete });

/** The schema a name read from another of the package's files holds, from its answer (schemaAnswer). */
function fromAnswer(name: string, answer: string): SchemaReading {
  const { digest, texts, complete } = JSON.parse(answer) as { digest: string; texts: string[]; complete: boolean };
  return { source: `${name} = #${digest}`, texts, complete };
}

const FUNCTIONS = new Set(["FunctionExpression", "ArrowFunctionExpression", "FunctionDeclaration"]);
// The members a schema's shape is read through: zod's `shape`, a JSON Schema's `properties`.
const SCHEMA_MEMBERS = new Set(["shape", "properties"]);

/**
 * Reads a schema (SchemaReading), following the names it refers to: to their constant
 * initialisers in the file, or to what another of the package's files exports under them (the
 * whole of a member chain, `schemas.ReadFileArgs`, not its parts). Names inside functions are not
 * followed: `z.lazy(() => Node)` refers to a schema being defined, whose reading would hold its
 * own. Past the limits (MAX_DEPTH, MAX_NAMES), or where a schema it imports was not read whole
 * (too long, made by a function, or past the limits there), the reading is not `complete`.
 */
export function readSchema(schema: Node | undefined, values: StaticValues, source: string): SchemaReading {
  if (!schema) return { source: "", texts: [], complete: true };
  const texts: string[] = [];
  const declarations: string[] = [];
  const followed = new Set<Node>();
  let complete = true;
  const follow = (node: Node, depth: number): boolean => {
    if (depth >= MAX_DEPTH || followed.size >= MAX_NAMES) {
      complete = false;
      return false;
    }
    const init = node.type === "Identifier" ? values.constant(node, isSchemaPart) : undefined;
    if (init) {
      if (!followed.has(init)) {
        followed.add(init);
        declarations.push(`${node.name as string} = ${collapsed(source, init)}`);
        read(init, undefined, depth + 1, false);
      }
      return true;
    }
    // `ReadFileArgs` of `import { ReadFileArgs } from "./schemas.js"`, `schemas.ReadFileArgs` of a namespace.
    const answer = values.ownFileSchema(node);
    if (answer === undefined) return false;
    const imported = fromAnswer(collapsed(source, node), answer);
    declarations.push(imported.source);
    appendAll(texts, imported.texts);
    if (!imported.complete) complete = false;
    return true;
  };
  const read = (node: Node, parent: Node | undefined, depth: number, inFunction: boolean): void => {
    if (node.type === "CallExpression" && (node.callee as Node).type === "MemberExpression" && propertyName(node.callee as Node) === "describe") {
      const text = values.resolve((node.arguments as Node[])[0]);
      if (text) texts.push(text);
    }
    if (node.type === "Property" && keyName(node) === "description") {
      const text = values.resolve(node.value as Node);
      if (text) texts.push(text);
    }
    // A method called (`zod.string` of `zod.string()`) is no schema; what it is called on may be.
    const called = parent?.type === "CallExpression" && parent.callee === node;
    const named = node.type === "Identifier" ? !parent || isReference({ node, parent }) : node.type === "MemberExpression" && !called;
    if (named && !inFunction && follow(node, depth)) return;
    // A member chain is read whole or not at all: `cfg.defaults` of `cfg.defaults.limit` is no schema.
    const inner = inFunction || FUNCTIONS.has(node.type);
    // What a schema's method is called on (`Args.extend({…})`), or its shape read from (`Args.shape`), is a schema.
    const ofSchema = node.type === "MemberExpression" && (called || SCHEMA_MEMBERS.has(propertyName(node) ?? ""));
    for (const child of childNodes(node)) {
      if (node.type === "MemberExpression" && child === node.object && !ofSchema) readChainObject(child, node, depth, inner);
      else read(child, node, depth, inner);
    }
  };
  // The names and members a chain is read from are no schema by themselves (`cfg`, `cfg.defaults`
  // of `cfg.defaults.limit`); what a call in it is given may be (`z.object({ path }).strict()`).
  const readChainObject = (node: Node, parent: Node, depth: number, inFunction: boolean): void => {
    if (node.type === "Identifier") return;
    if (node.type !== "MemberExpression") {
      read(node, parent, depth, inFunction);
      return;
    }
    for (const child of childNodes(node)) {
      if (child === node.object) readChainObject(child, node, depth, inFunction);
      else if (node.computed) read(child, node, depth, inFunction);
    }
  };
  read(schema, undefined, 0, false);
  return { source: [collapsed(source, schema), ...declarations].join("\n"), texts, complete };
}

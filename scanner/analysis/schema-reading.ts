import crypto from "node:crypto";
import { keyName, type Node, propertyName, walk } from "@/scanner/analysis/ast";
import { isReference } from "@/scanner/analysis/identifier-index";
import type { StaticValues } from "@/scanner/analysis/static-value";

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
}

// Names followed from a schema to their declarations, this deep and at most this many: a
// schema is built from a few shapes, and a reading must not walk a bundle.
const MAX_DEPTH = 4;
const MAX_NAMES = 32;

// What a name a schema is built from may hold: a shape, a call making a schema, a list of them.
const isSchemaPart = (init: Node) => init.type === "ObjectExpression" || init.type === "CallExpression" || init.type === "ArrayExpression";

const collapsed = (source: string, node: Node) => source.slice(node.start, node.end).replace(/\s+/g, " ");

/** A reading as another file's analysis receives it (BoundFile.ownFileSchema): its texts, and its source's digest. */
export const schemaAnswer = (reading: SchemaReading) => JSON.stringify({ digest: crypto.createHash("sha256").update(reading.source).digest("hex"), texts: reading.texts });

/** The schema a name read from another of the package's files holds, from its answer (schemaAnswer). */
function fromAnswer(name: string, answer: string): SchemaReading {
  const { digest, texts } = JSON.parse(answer) as { digest: string; texts: string[] };
  return { source: `${name} = #${digest}`, texts };
}

/**
 * Reads a schema (SchemaReading), following the names it refers to: to their constant
 * initialisers in the file, or to what another of the package's files exports under them.
 */
export function readSchema(schema: Node | undefined, values: StaticValues, source: string): SchemaReading {
  if (!schema) return { source: "", texts: [] };
  const texts: string[] = [];
  const declarations: string[] = [];
  const followed = new Set<Node>();
  const read = (root: Node, depth: number) =>
    walk(root, (node, parent) => {
      if (node.type === "CallExpression" && (node.callee as Node).type === "MemberExpression" && propertyName(node.callee as Node) === "describe") {
        const text = values.resolve((node.arguments as Node[])[0]);
        if (text) texts.push(text);
      }
      if (node.type === "Property" && keyName(node) === "description") {
        const text = values.resolve(node.value as Node);
        if (text) texts.push(text);
      }
      const named = node.type === "Identifier" ? !parent || isReference({ node, parent }) : node.type === "MemberExpression";
      if (!named || depth >= MAX_DEPTH || followed.size >= MAX_NAMES) return;
      const init = node.type === "Identifier" ? values.constant(node, isSchemaPart) : undefined;
      if (init) {
        if (followed.has(init)) return;
        followed.add(init);
        declarations.push(`${node.name as string} = ${collapsed(source, init)}`);
        read(init, depth + 1);
        return;
      }
      // `ReadFileArgs` of `import { ReadFileArgs } from "./schemas.js"`, `schemas.ReadFileArgs` of a namespace.
      const answer = values.ownFileSchema(node);
      if (answer === undefined) return;
      const imported = fromAnswer(collapsed(source, node), answer);
      declarations.push(imported.source);
      texts.push(...imported.texts);
    });
  read(schema, 0);
  return { source: [collapsed(source, schema), ...declarations].join("\n"), texts };
}

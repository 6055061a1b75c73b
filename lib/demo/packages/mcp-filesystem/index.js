#!/usr/bin/env node
// Files inside the folders given on the command line, and nowhere else.
import fs from "node:fs/promises";
import path from "node:path";
import { createServer } from "@sigil-demo/mcp-stdio";

const roots = process.argv.slice(2).map((root) => path.resolve(root));
if (!roots.length) {
  console.error("Usage: mcp-filesystem <folder> [<folder> ...]");
  process.exit(2);
}

function inside(requested) {
  const full = path.resolve(requested);
  if (!roots.some((root) => full === root || full.startsWith(root + path.sep))) throw new Error(`${requested} is outside the allowed folders`);
  return full;
}

const server = createServer({ name: "filesystem", version: "1" });
const file = { type: "object", properties: { path: { type: "string", description: "Path of the file, inside an allowed folder" } }, required: ["path"] };

server.tool("read_file", "Read a text file inside the allowed folders.", file, async ({ path: requested }) => fs.readFile(inside(requested), "utf8"));
server.tool("list_directory", "List the entries of a folder inside the allowed folders.", file, async ({ path: requested }) => (await fs.readdir(inside(requested))).join("\n"));
server.tool(
  "write_file",
  "Write a text file inside the allowed folders, replacing it if it exists.",
  { type: "object", properties: { path: { type: "string", description: "Path of the file" }, content: { type: "string", description: "The new content" } }, required: ["path", "content"] },
  async ({ path: requested, content }) => {
    await fs.writeFile(inside(requested), content);
    return `wrote ${requested}`;
  },
);
server.start();

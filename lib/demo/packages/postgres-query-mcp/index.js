#!/usr/bin/env node
// Read-only SQL through psql, in a transaction that cannot write.
import { execFile } from "node:child_process";
import { createServer } from "@sigil-demo/mcp-stdio";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("Set DATABASE_URL to the postgresql:// URL of a read-only role.");
  process.exit(2);
}

function psql(sql) {
  const args = [databaseUrl, "--csv", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-c", "BEGIN READ ONLY", "-c", sql, "-c", "ROLLBACK"];
  return new Promise((resolve, reject) => execFile("psql", args, { timeout: 30_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout))));
}

const server = createServer({ name: "postgres-query", version: "0" });
server.tool("query", "Run a read-only SQL query and return the rows as CSV.", { type: "object", properties: { sql: { type: "string", description: "One SQL statement" } }, required: ["sql"] }, async ({ sql }) => psql(sql));
server.tool("list_tables", "List the tables of the database with their schemas.", { type: "object", properties: {} }, async () =>
  psql("SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"),
);
server.start();

import crypto from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { disconnectDb } from "@/lib/db/client";
import { registerSigningSetup } from "@/lib/signing/register-signing-setup";
import { signingSetup } from "@/lib/signing/signing-setup";
import { type DatabaseBackend, databaseUrl } from "./backends";
import { runSql } from "./run-sql";

export const backends: DatabaseBackend[] = inject("databaseBackends");

/**
 * Gives the enclosing describe block its own database, copied from the migrated template, and
 * points the domain code (through DATABASE_URL) at it. Returns the database's URL getter.
 */
export function useFreshDatabase(backend: DatabaseBackend): () => string {
  const name = `sigil_test_${crypto.randomBytes(6).toString("hex")}`;
  const url = databaseUrl(backend.adminUrl, name);
  beforeAll(async () => {
    // Copies of one template made at the same moment can collide; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await runSql(backend.adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${backend.template}"`);
        break;
      } catch (error) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
    process.env.DATABASE_URL = url;
    // What `npm start` does before serving: record the key this process signs with.
    await registerSigningSetup(signingSetup());
  });
  afterAll(async () => {
    await disconnectDb();
    // A pool the tests stopped may still be closing its connections: a forced drop cuts them off
    // mid-goodbye, and the pg client reports that as an uncaught error. Give them a few seconds.
    for (let waited = 0; waited < 5000; waited += 100) {
      const [open] = await runSql<{ n: number }>(backend.adminUrl, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = '${name}'`);
      if (!open?.n) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await runSql(backend.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  return () => url;
}

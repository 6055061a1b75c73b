import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/db/embedded/start-embedded-postgres";
import { applyMigrations } from "@/lib/db/migrate";
import { buildWebApp, isBuildCurrent } from "@/lib/web/next-build";
import { type DatabaseBackend, databaseUrl } from "./backends";
import { runSql } from "./run-sql";

// The suites run on both storage backends: the embedded PostgreSQL that `npm start` uses and
// a PostgreSQL server like production's (SIGIL_TEST_POSTGRES_URL, by default the machine's).
const EXTERNAL_URL = process.env.SIGIL_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function createTemplate(adminUrl: string, name: DatabaseBackend["name"]): Promise<DatabaseBackend> {
  const template = `sigil_template_${crypto.randomBytes(4).toString("hex")}`;
  await runSql(adminUrl, `CREATE DATABASE "${template}"`);
  await applyMigrations(databaseUrl(adminUrl, template));
  return { name, adminUrl, template };
}

async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await runSql(adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
}

export default async function setup(project: TestProject) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-test-"));
  const embedded = await startEmbeddedPostgres(dataDir);
  const ready: DatabaseBackend[] = [];
  const teardown = async () => {
    for (const backend of ready) {
      if (backend.name === "postgresql") await dropDatabase(backend.adminUrl, backend.template);
    }
    await embedded.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const backends: Promise<DatabaseBackend>[] = [createTemplate(embedded.superuserUrl, "embedded")];
    if (await reachable(EXTERNAL_URL)) {
      backends.push(createTemplate(EXTERNAL_URL, "postgresql"));
    } else if (process.env.CI) {
      throw new Error(`CI must test against PostgreSQL at ${EXTERNAL_URL}, but it is not reachable.`);
    } else {
      console.warn(`[sigil tests] No PostgreSQL at ${EXTERNAL_URL}: storage and API suites run on the embedded database only. Set SIGIL_TEST_POSTGRES_URL to include one.`);
    }
    for (const result of await Promise.allSettled(backends)) {
      if (result.status === "fulfilled") ready.push(result.value);
      else throw result.reason;
    }
    // The end-to-end suites start the built app; build it once here, not once per suite at once.
    if (!isBuildCurrent(process.cwd())) await buildWebApp(process.cwd());
  } catch (error) {
    // A failed setup must not leave a PostgreSQL running (vitest would wait for it forever).
    await teardown();
    throw error;
  }
  project.provide("databaseBackends", ready);
  return teardown;
}

import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { describeDatabaseUrl } from "@/lib/db/describe-url";
import { databaseUnavailable } from "@/lib/errors";
import { migrateJobQueue } from "@/lib/jobs/migrate-job-queue";

interface MigrationFile {
  name: string;
  checksum: string;
}

/** The migrations in prisma/migrations with the sha256 Prisma records for each. */
export function listMigrations(projectRoot = process.cwd()): MigrationFile[] {
  const dir = path.join(projectRoot, "prisma", "migrations");
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({
      name,
      checksum: crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, name, "migration.sql"))).digest("hex"),
    }));
}

/** Migrations not yet applied (or applied from a different file) in the database at `url`. */
export async function pendingMigrations(databaseUrl: string, projectRoot = process.cwd()): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw databaseUnavailable(`Could not connect to PostgreSQL at ${describeDatabaseUrl(databaseUrl)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const table = await client.query("SELECT to_regclass('public._prisma_migrations') AS t");
    const applied = new Map<string, string>();
    if (table.rows[0]?.t) {
      const rows = await client.query<{ migration_name: string; checksum: string }>(
        "SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
      );
      for (const row of rows.rows) applied.set(row.migration_name, row.checksum);
    }
    return listMigrations(projectRoot)
      .filter((m) => applied.get(m.name) !== m.checksum)
      .map((m) => m.name);
  } finally {
    await client.end();
  }
}

/**
 * Applies pending migrations with `prisma migrate deploy`, the command Prisma documents for
 * production, so the embedded and an external PostgreSQL share one history. The CLI takes
 * seconds to load its schema engine, so it runs only when something is pending.
 * The job queue's schema follows. Returns the names of the Prisma migrations it applied.
 */
export async function applyMigrations(databaseUrl: string, projectRoot = process.cwd()): Promise<string[]> {
  const pending = await pendingMigrations(databaseUrl, projectRoot);
  if (pending.length) await applyPrismaMigrations(databaseUrl, projectRoot);
  await migrateJobQueue(databaseUrl);
  return pending;
}

async function applyPrismaMigrations(databaseUrl: string, projectRoot: string): Promise<void> {
  const prismaCli = createRequire(path.join(projectRoot, "package.json")).resolve("prisma/build/index.js");
  const output = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, "migrate", "deploy"], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let text = "";
    child.stdout.on("data", (chunk) => (text += chunk));
    child.stderr.on("data", (chunk) => (text += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, text }));
  });
  if (output.code !== 0) {
    throw databaseUnavailable(`Applying migrations to ${describeDatabaseUrl(databaseUrl)} failed:\n${output.text.trim()}`);
  }
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { applyMigrations, pendingMigrations } from "@/lib/db/migrate";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-embedded-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("creates a cluster on first start, migrates it, and keeps the data across restarts", async () => {
    const first = await startEmbeddedPostgres(dataDir);
    try {
      expect(first.description).toMatch(/^embedded PostgreSQL \d+/);
      expect(await applyMigrations(first.url)).toHaveLength(fs.readdirSync("prisma/migrations").filter((f) => !f.endsWith(".toml")).length);
      await query(first.url, `INSERT INTO "User" (id, email, roles) VALUES ('u1', 'kept@example.test', '{ADMIN}')`);
    } finally {
      await first.stop();
    }
    const second = await startEmbeddedPostgres(dataDir);
    try {
      expect(await pendingMigrations(second.url)).toEqual([]);
      expect(await applyMigrations(second.url)).toEqual([]);
      expect(await query(second.url, `SELECT email FROM "User"`)).toEqual([{ email: "kept@example.test" }]);
    } finally {
      await second.stop();
    }
  });

  it("keeps a second process off a cluster that is in use, with a message saying what to do", async () => {
    const running = await startEmbeddedPostgres(dataDir);
    try {
      await expect(startEmbeddedPostgres(dataDir)).rejects.toThrow(/Another process is already using the embedded database.*SIGIL_DATA_DIR/);
      expect(await query(running.url, "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
    } finally {
      await running.stop();
    }
  });

  it("listens on loopback only and requires its generated password", async () => {
    const running = await startEmbeddedPostgres(dataDir);
    try {
      expect(await query(running.url, "SHOW listen_addresses")).toEqual([{ listen_addresses: "127.0.0.1" }]);
      const wrong = new URL(running.url);
      wrong.password = "wrong";
      await expect(query(wrong.toString(), "SELECT 1")).rejects.toThrow(/password authentication failed/);
      expect(fs.statSync(path.join(dataDir, "postgres.password")).mode & 0o077).toBe(0);
    } finally {
      await running.stop();
    }
  });
});

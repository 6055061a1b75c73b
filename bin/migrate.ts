import { readConfig } from "@/lib/config";
import { applyMigrations } from "@/lib/db/migrate";
import { log } from "@/lib/log";

// `npm run db:migrate`: applies pending migrations to the PostgreSQL at DATABASE_URL, for
// deployments that migrate once before starting several web processes.
const config = readConfig();
if (!config.DATABASE_URL) {
  log.error("DATABASE_URL is not set; `npm start` migrates the embedded database by itself.");
  process.exit(2);
}
const applied = await applyMigrations(config.DATABASE_URL);
log.info({ applied }, applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");

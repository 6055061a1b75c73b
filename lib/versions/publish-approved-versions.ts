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
    if (await publishAfterApproval(id)) published.push(id);
  }
  return published;
}

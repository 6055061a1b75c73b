import { userActor } from "@/lib/actor";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import { ScanJobState, VersionState } from "@/lib/db/generated/client";
import { conflict, notFound } from "@/lib/errors";
import { transitionVersion } from "@/lib/versions/transition-version";

const WITHDRAWABLE: VersionState[] = [VersionState.SUBMITTED, VersionState.SCANNING, VersionState.SCANNED];

/**
 * The submitter takes a version back before it is approved. A queued or running scan of it
 * ends (a worker still running it loses its hold and writes nothing). The version stays
 * recorded, withdrawn; its number cannot be submitted again.
 */
export async function withdrawVersion(versionId: string, userId: string) {
  return auditedTransaction(async (tx) => {
    const version = await tx.serverVersion.findUnique({ where: { id: versionId } });
    // Someone else's submission is "not found" rather than "forbidden": ids cannot be probed.
    if (!version || version.submittedById !== userId) throw notFound("No such submission of yours.");
    if (!WITHDRAWABLE.includes(version.state)) throw conflict(`Only a submission awaiting its scan or review can be withdrawn; this one is ${version.state.toLowerCase()}.`);
    const ended = await tx.scanJob.updateMany({
      where: { versionId, state: { in: [ScanJobState.QUEUED, ScanJobState.RUNNING] } },
      data: { state: ScanJobState.DEAD, error: "The submission was withdrawn.", finishedAt: transactionTime(tx), leaseUntil: null, lockedBy: null },
    });
    return transitionVersion(tx, { versionId, to: VersionState.WITHDRAWN, actor: userActor(userId), action: "version.withdrawn", data: { scanJobsEnded: ended.count } });
  });
}

import { userActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import { Role, ScanJobState, VersionState } from "@/lib/db/generated/client";
import { conflict, forbidden, notFound } from "@/lib/errors";
import { queueScan } from "@/lib/scans/queue-scan";

/**
 * A reviewer asks for a version to be scanned again: a scanned one (say, after new advisories),
 * or a submitted one whose scan job died. A scan job is queued; the version keeps its state
 * until the scan starts, and every earlier report is kept. Reviews of earlier reports no
 * longer count toward approval.
 */
export async function requestRescan(versionId: string, reviewerId: string) {
  return auditedTransaction(async (tx) => {
    const reviewer = await tx.user.findUnique({ where: { id: reviewerId } });
    if (!reviewer || reviewer.disabledAt || !(reviewer.roles.includes(Role.REVIEWER) || reviewer.roles.includes(Role.ADMIN))) {
      throw forbidden("Only reviewers can re-run scans.");
    }
    const version = await tx.serverVersion.findUnique({ where: { id: versionId }, include: { scanJobs: { where: { state: { in: [ScanJobState.QUEUED, ScanJobState.RUNNING] } } } } });
    if (!version) throw notFound(`Server version ${versionId} does not exist.`);
    if (version.state !== VersionState.SCANNED && version.state !== VersionState.SUBMITTED) {
      throw conflict(`Only versions awaiting a scan or a review can be scanned again; this one is ${version.state}.`);
    }
    if (version.scanJobs.length) throw conflict("A scan of this version is already queued or running.");
    const job = await queueScan(tx, versionId);
    await appendAuditEvent(tx, { actor: userActor(reviewerId), action: "scan.requested", subjectType: "server_version", subjectId: versionId, data: { scanJobId: job.id } });
    return job;
  });
}

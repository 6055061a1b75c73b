import type { Principal } from "@/lib/auth/principal";
import { hasRole, withinToken } from "@/lib/auth/authorize";
import { db } from "@/lib/db/client";
import { Role } from "@/lib/db/generated/client";
import { notFound } from "@/lib/errors";

/**
 * One submission with everything its pages show: the server.json, every scan job (state,
 * attempts, live progress, error), every report with its findings, newest first, and the
 * reviews. Its submitter, the namespace's owners, reviewers and admins may read it (through an
 * API token, only within the token's namespaces); to anyone else it does not exist.
 */
export async function findSubmission(versionId: string, principal: Principal) {
  const version = await db().serverVersion.findUnique({
    where: { id: versionId },
    include: {
      submittedBy: { select: { id: true, name: true, email: true, githubLogin: true } },
      server: { include: { namespace: { include: { owners: { select: { userId: true } } } } } },
      scanJobs: { orderBy: { createdAt: "desc" } },
      scanReports: { orderBy: { createdAt: "desc" }, include: { findings: true } },
      reviews: { orderBy: { createdAt: "asc" }, include: { reviewer: { select: { id: true, name: true, githubLogin: true } } } },
    },
  });
  const owner = version?.server.namespace.owners.some((o) => o.userId === principal.user.id);
  if (!version || !withinToken(principal, version.server.namespace.name) || !(version.submittedById === principal.user.id || owner || hasRole(principal, Role.REVIEWER, Role.ADMIN))) {
    throw notFound(`No submission ${versionId}.`);
  }
  return version;
}

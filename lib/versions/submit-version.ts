import { type Actor, userActor } from "@/lib/actor";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { type Prisma, Role } from "@/lib/db/generated/client";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { conflict, forbidden, notFound } from "@/lib/errors";
import { queueScan } from "@/lib/scans/queue-scan";
import { canonicalDigest } from "@/lib/validation/canonical-digest";
import { npmPackageOf, parseServerJson } from "@/lib/validation/server-json";

/** The namespace part of a server name: `io.github.alice/weather` → `io.github.alice`. */
export const namespaceOf = (serverName: string) => serverName.slice(0, serverName.indexOf("/"));

/**
 * A maintainer submits one version of a server: the server.json is validated, the submitter
 * must own its namespace, the version must be new, and a scan job is queued. The document is
 * stored exactly as submitted.
 */
export async function submitVersion(document: unknown, submitterId: string) {
  const server = parseServerJson(document);
  const npm = npmPackageOf(server);
  const actor: Actor = userActor(submitterId);
  const duplicate = () => conflict(`${server.name} version ${server.version} has already been submitted; submit a new version instead.`);
  return auditedTransaction(async (tx) => {
    const submitter = await tx.user.findUnique({ where: { id: submitterId } });
    if (!submitter || submitter.disabledAt) throw notFound("The submitting user does not exist.");
    if (!submitter.roles.includes(Role.MAINTAINER) && !submitter.roles.includes(Role.ADMIN)) {
      throw forbidden("Only maintainers can submit servers.");
    }
    const namespace = await tx.namespace.findUnique({
      where: { name: namespaceOf(server.name) },
      include: { owners: { where: { userId: submitterId } } },
    });
    if (!namespace || namespace.owners.length === 0) {
      throw forbidden(`You have not proven ownership of the namespace "${namespaceOf(server.name)}".`);
    }
    const serverRow = await tx.server.upsert({
      where: { name: server.name },
      create: { name: server.name, namespaceId: namespace.id },
      update: {},
    });
    const existing = await tx.serverVersion.findUnique({
      where: { serverId_version: { serverId: serverRow.id, version: server.version } },
      select: { id: true },
    });
    if (existing) throw duplicate();
    const version = await tx.serverVersion.create({
      data: {
        serverId: serverRow.id,
        serverName: server.name,
        version: server.version,
        serverJson: document as Prisma.InputJsonObject,
        serverJsonDigest: canonicalDigest(document),
        description: server.description,
        title: server.title ?? null,
        packageRegistry: npm?.registryType ?? null,
        packageIdentifier: npm?.identifier ?? null,
        packageVersion: npm?.version ?? null,
        submittedById: submitterId,
      },
    });
    const job = await queueScan(tx, version.id);
    await appendAuditEvent(tx, {
      actor,
      action: "version.submitted",
      subjectType: "server_version",
      subjectId: version.id,
      data: { server: server.name, version: server.version, serverJsonDigest: version.serverJsonDigest, scanJobId: job.id },
    });
    return version;
  }).catch((error: unknown) => {
    // Two submissions of the same new server or version raced; the loser gets the same answer.
    throw isUniqueViolation(error) ? duplicate() : error;
  });
}

import { type Actor, userActor } from "@/lib/actor";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Tx } from "@/lib/db/client";
import { type NamespaceProof, type Prisma, Role, type ServerVersion } from "@/lib/db/generated/client";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { conflict, forbidden, notFound } from "@/lib/errors";
import { queueScan } from "@/lib/scans/queue-scan";
import { canonicalDigest } from "@/lib/validation/canonical-digest";
import { npmPackageOf, parseServerJson, type ServerJson } from "@/lib/validation/server-json";

/** The namespace part of a server name: `io.github.alice/weather` → `io.github.alice`. */
export const namespaceOf = (serverName: string) => serverName.slice(0, serverName.indexOf("/"));

/** Who may submit a version this way, and how their right to its namespace is settled. */
export interface SubmissionPolicy {
  /** Roles that may submit this way; anyone else is refused with `refusal`. */
  roles: readonly Role[];
  refusal: string;
  /**
   * `owner`: the submitter must own the namespace. `unowned`: ownership is neither checked nor
   * granted; a namespace that does not exist yet is created without owners, recording `proof`.
   */
  namespace: { kind: "owner" } | { kind: "unowned"; proof: NamespaceProof; proofDetail: Prisma.InputJsonObject };
  /** Further data for the `version.submitted` audit event (where an import came from). */
  auditData?: Prisma.InputJsonObject;
}

/** A maintainer's submission: maintainers (and admins) submit into namespaces they own. */
export const MAINTAINER_SUBMISSION: SubmissionPolicy = {
  roles: [Role.MAINTAINER, Role.ADMIN],
  refusal: "Only maintainers can submit servers.",
  namespace: { kind: "owner" },
};

export interface Submission {
  /** The server.json exactly as received; stored unchanged. */
  document: unknown;
  /** `document` validated by parseServerJson. */
  server: ServerJson;
  submitterId: string;
  actor: Actor;
  policy: SubmissionPolicy;
}

/**
 * The one way a version is submitted, whoever submits it: the submitter must exist and hold
 * one of the policy's roles, the namespace is settled by the policy, the version must be new
 * (409 otherwise), and the version (SUBMITTED), its queued scan and the `version.submitted`
 * audit event are written in one audited transaction.
 */
export async function recordSubmission({ document, server, submitterId, actor, policy }: Submission): Promise<ServerVersion> {
  const npm = npmPackageOf(server);
  const namespaceName = namespaceOf(server.name);
  const duplicate = () => conflict(`${server.name} version ${server.version} has already been submitted; submit a new version instead.`);
  return auditedTransaction(async (tx) => {
    const submitter = await tx.user.findUnique({ where: { id: submitterId } });
    if (!submitter || submitter.disabledAt) throw notFound("The submitting user does not exist.");
    if (!policy.roles.some((role) => submitter.roles.includes(role))) throw forbidden(policy.refusal);
    const namespaceId = await settleNamespace(tx, namespaceName, submitterId, actor, policy);
    const serverRow = await tx.server.upsert({
      where: { name: server.name },
      create: { name: server.name, namespaceId },
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
      data: { ...policy.auditData, server: server.name, version: server.version, serverJsonDigest: version.serverJsonDigest, scanJobId: job.id },
    });
    return version;
  }).catch((error: unknown) => {
    // Two submissions of the same new server or version raced; the loser gets the same answer.
    throw isUniqueViolation(error) ? duplicate() : error;
  });
}

/** The namespace's id, once the policy is satisfied: owned by the submitter, or created without owners. */
async function settleNamespace(tx: Tx, name: string, submitterId: string, actor: Actor, policy: SubmissionPolicy): Promise<string> {
  const namespace = await tx.namespace.findUnique({ where: { name }, include: { owners: { where: { userId: submitterId } } } });
  if (policy.namespace.kind === "owner") {
    if (!namespace || namespace.owners.length === 0) throw forbidden(`You have not proven ownership of the namespace "${name}".`);
    return namespace.id;
  }
  if (namespace) return namespace.id;
  const { proof, proofDetail } = policy.namespace;
  const created = await tx.namespace.create({ data: { name, proof, proofDetail, verifiedAt: transactionTime(tx) } });
  await appendAuditEvent(tx, {
    actor,
    action: "namespace.created",
    subjectType: "namespace",
    subjectId: created.id,
    data: { name, proof, proofDetail, owners: [] },
  });
  return created.id;
}

/**
 * A maintainer submits one version of a server: the server.json is validated, the submitter
 * must own its namespace, the version must be new, and a scan job is queued. The document is
 * stored exactly as submitted.
 */
export async function submitVersion(document: unknown, submitterId: string) {
  return submitParsedVersion(document, parseServerJson(document), submitterId);
}

/** submitVersion for a document its caller has parsed already (to check something of it first). */
export function submitParsedVersion(document: unknown, server: ServerJson, submitterId: string) {
  return recordSubmission({ document, server, submitterId, actor: userActor(submitterId), policy: MAINTAINER_SUBMISSION });
}

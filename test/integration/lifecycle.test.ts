import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/actor";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { db } from "@/lib/db/client";
import { Role, VersionState } from "@/lib/db/generated/client";
import { signedStatementOf } from "@/lib/registry/review-meta";
import { publishThroughReview } from "../support/publish-through-review";
import { completeQueuedScan } from "@/lib/scans/complete-queued-scan";
import { createUser } from "@/lib/users/create-user";
import { publishVersion } from "@/lib/versions/publish-version";
import { requestRescan } from "@/lib/versions/request-rescan";
import { reviewVersion } from "@/lib/versions/review-version";
import { revokeVersion } from "@/lib/versions/revoke-version";
import { submitVersion } from "@/lib/versions/submit-version";
import { backends, useFreshDatabase } from "../support/database";
import { createTeam, publish, serverJson, type Team } from "../support/registry-fixtures";

const failingScan = {
  scannerVersion: "test",
  verdict: "FAIL" as const,
  summary: {},
  report: { verdict: "FAIL" },
  findings: [{ ruleId: "exec", category: "exec", severity: "HIGH" as const, message: "spawns a shell", file: "index.js", line: 3 }],
};

async function counts() {
  const [versions, servers, jobs, events] = await Promise.all([db().serverVersion.count(), db().server.count(), db().scanJob.count(), db().auditEvent.count()]);
  return { versions, servers, jobs, events };
}

describe.each(backends)("version lifecycle on $name PostgreSQL", (backend) => {
  useFreshDatabase(backend);
  let team: Team;

  beforeAll(async () => {
    team = await createTeam("io.github.life");
  });

  it("submits a version with a queued scan and an audit event", async () => {
    const version = await submitVersion(serverJson(`${team.namespace}/one`, "1.0.0"), team.maintainerId);
    expect(version.state).toBe(VersionState.SUBMITTED);
    expect(version.packageIdentifier).toBe("@test/one");
    expect(await db().scanJob.count({ where: { versionId: version.id, state: "QUEUED" } })).toBe(1);
    const event = await db().auditEvent.findFirst({ where: { subjectId: version.id, action: "version.submitted" } });
    expect(event?.actorId).toBe(team.maintainerId);
  });

  it("rejects an invalid server.json with field errors and writes nothing", async () => {
    const before = await counts();
    await expect(submitVersion({ ...serverJson(`${team.namespace}/bad`, "1.0.0"), packages: [{ registryType: "npm", identifier: "@x/y", version: "^1", transport: { type: "stdio" } }] }, team.maintainerId)).rejects.toMatchObject({
      status: 422,
      errors: [expect.objectContaining({ location: "packages[0].version" })],
    });
    expect(await counts()).toEqual(before);
  });

  it("refuses a namespace the submitter does not own, and writes nothing", async () => {
    const before = await counts();
    await expect(submitVersion(serverJson("io.github.someone-else/x", "1.0.0"), team.maintainerId)).rejects.toMatchObject({ status: 403 });
    expect(await counts()).toEqual(before);
  });

  it("refuses to accept the same version twice, also when both arrive at once", async () => {
    await submitVersion(serverJson(`${team.namespace}/twice`, "1.0.0"), team.maintainerId);
    await expect(submitVersion(serverJson(`${team.namespace}/twice`, "1.0.0"), team.maintainerId)).rejects.toMatchObject({ status: 409 });
    const results = await Promise.allSettled([0, 1, 2].map(() => submitVersion(serverJson(`${team.namespace}/race`, "1.0.0"), team.maintainerId)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
  });

  it("refuses transitions the lifecycle does not allow", async () => {
    const version = await submitVersion(serverJson(`${team.namespace}/early`, "1.0.0"), team.maintainerId);
    await expect(publishVersion(version.id, systemActor("test"))).rejects.toMatchObject({ status: 409 });
    await expect(reviewVersion({ versionId: version.id, reviewerId: team.reviewerId, decision: "APPROVE", reason: "looks fine" })).rejects.toMatchObject({ status: 409 });
    expect((await db().serverVersion.findUniqueOrThrow({ where: { id: version.id } })).state).toBe(VersionState.SUBMITTED);
  });

  it("never lets submitters review their own version", async () => {
    const both = await createUser({ email: "both@example.test", roles: [Role.MAINTAINER, Role.REVIEWER] }, systemActor("test"));
    const { grantNamespace } = await import("@/lib/namespaces/grant-namespace");
    await grantNamespace({ name: team.namespace, ownerId: both.id, proof: "ADMIN_GRANT" }, systemActor("test"));
    const version = await submitVersion(serverJson(`${team.namespace}/self`, "1.0.0"), both.id);
    await expect(publishThroughReview(version.id, both.id)).rejects.toMatchObject({ status: 403 });
  });

  it("needs two reviewers, or an admin override, for a failing scan", async () => {
    const second = await createUser({ email: "second@example.test", roles: [Role.REVIEWER] }, systemActor("test"));
    const version = await submitVersion(serverJson(`${team.namespace}/risky`, "1.0.0"), team.maintainerId);
    await completeQueuedScan(version.id, failingScan, "test-scanner");
    await reviewVersion({ versionId: version.id, reviewerId: team.reviewerId, decision: "APPROVE", reason: "the shell call is documented" });
    expect((await db().serverVersion.findUniqueOrThrow({ where: { id: version.id } })).state).toBe(VersionState.SCANNED);
    await expect(reviewVersion({ versionId: version.id, reviewerId: team.reviewerId, decision: "APPROVE", reason: "again" })).rejects.toMatchObject({ status: 409 });
    await reviewVersion({ versionId: version.id, reviewerId: second.id, decision: "APPROVE", reason: "agree with the first review" });
    expect((await db().serverVersion.findUniqueOrThrow({ where: { id: version.id } })).state).toBe(VersionState.APPROVED);

    const overridden = await submitVersion(serverJson(`${team.namespace}/risky`, "1.0.1"), team.maintainerId);
    await completeQueuedScan(overridden.id, failingScan, "test-scanner");
    await expect(reviewVersion({ versionId: overridden.id, reviewerId: team.reviewerId, decision: "APPROVE", reason: "override", override: true })).rejects.toMatchObject({ status: 403 });
    await reviewVersion({ versionId: overridden.id, reviewerId: team.adminId, decision: "APPROVE", reason: "false positive: the shell is the product", override: true });
    expect((await db().serverVersion.findUniqueOrThrow({ where: { id: overridden.id } })).state).toBe(VersionState.APPROVED);
  });

  it("needs fresh reviews after a rescan: approvals of an older report do not count", async () => {
    const second = await createUser({ email: "rescan@example.test", roles: [Role.REVIEWER] }, systemActor("test"));
    const version = await submitVersion(serverJson(`${team.namespace}/rescanned`, "1.0.0"), team.maintainerId);
    await completeQueuedScan(version.id, failingScan, "test-scanner");
    await reviewVersion({ versionId: version.id, reviewerId: team.reviewerId, decision: "APPROVE", reason: "first report looked acceptable" });
    await expect(requestRescan(version.id, team.maintainerId)).rejects.toMatchObject({ status: 403 });
    await requestRescan(version.id, team.reviewerId);
    await expect(requestRescan(version.id, team.reviewerId)).rejects.toMatchObject({ status: 409 });
    await completeQueuedScan(version.id, failingScan, "test-scanner");
    expect(await db().scanReport.count({ where: { versionId: version.id } })).toBe(2);
    // One approval of the new report; the old report's approval must not make it two.
    await reviewVersion({ versionId: version.id, reviewerId: second.id, decision: "APPROVE", reason: "new report reviewed" });
    expect((await db().serverVersion.findUniqueOrThrow({ where: { id: version.id } })).state).toBe(VersionState.SCANNED);
    // The first reviewer may review the new report.
    await reviewVersion({ versionId: version.id, reviewerId: team.reviewerId, decision: "APPROVE", reason: "new report reviewed too" });
    expect((await db().serverVersion.findUniqueOrThrow({ where: { id: version.id } })).state).toBe(VersionState.APPROVED);
  });

  it("stamps changes with strictly increasing database times, in audit order", async () => {
    for (const v of ["1.0.0", "1.0.1", "1.0.2"]) await publish(team, "clock", v);
    const events = await db().auditEvent.findMany({ orderBy: { seq: "asc" } });
    for (let i = 1; i < events.length; i++) expect(events[i]!.createdAt.getTime()).toBeGreaterThan(events[i - 1]!.createdAt.getTime());
    const [dbNow] = await db().$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`;
    expect(Math.abs(events.at(-1)!.createdAt.getTime() - dbNow!.now.getTime())).toBeLessThan(60_000);
    const published = await db().serverVersion.findFirstOrThrow({ where: { serverName: `${team.namespace}/clock`, version: "1.0.2" } });
    const publication = events.find((e) => e.subjectId === published.id && e.action === "version.published")!;
    // publishedAt is the time the signed statement states (from the database's clock, before signing), which the publication event follows.
    const attestation = await db().attestation.findUniqueOrThrow({ where: { versionId: published.id } });
    expect(published.publishedAt?.toISOString()).toBe(signedStatementOf(attestation.bundle).predicate.publishedAt);
    expect(published.publishedAt!.getTime()).toBeLessThanOrEqual(publication.createdAt.getTime());
    expect(publication.createdAt.getTime() - published.publishedAt!.getTime()).toBeLessThan(10_000);
  });

  it("moves latest back to the previous version when the latest is revoked", async () => {
    await publish(team, "rev", "1.0.0");
    const second = await publish(team, "rev", "1.1.0");
    expect(second.isLatest).toBe(true);
    await expect(revokeVersion({ versionId: second.id, adminId: team.reviewerId, reason: "not an admin" })).rejects.toMatchObject({ status: 403 });
    await revokeVersion({ versionId: second.id, adminId: team.adminId, reason: "leaked a token in its README" });
    const versions = await db().serverVersion.findMany({ where: { server: { name: `${team.namespace}/rev` } }, orderBy: { version: "asc" } });
    expect(versions.map((v) => [v.version, v.state, v.isLatest])).toEqual([
      ["1.0.0", VersionState.PUBLISHED, true],
      ["1.1.0", VersionState.REVOKED, false],
    ]);
    await expect(revokeVersion({ versionId: second.id, adminId: team.adminId, reason: "twice" })).rejects.toMatchObject({ status: 409 });
  });

  it("agrees on one latest version when versions of one server are published at once", async () => {
    const ids = [];
    for (const v of ["1.0.0", "1.0.1", "1.0.2", "1.0.3", "1.0.4"]) {
      const s = await submitVersion(serverJson(`${team.namespace}/parallel`, v), team.maintainerId);
      ids.push(s.id);
    }
    await Promise.all(ids.map((id) => publishThroughReview(id, team.reviewerId)));
    const latest = await db().serverVersion.findMany({ where: { server: { name: `${team.namespace}/parallel` }, isLatest: true } });
    expect(latest.map((v) => v.version)).toEqual(["1.0.4"]);
  });

  // Tampering (edited, deleted and reordered events) is in audit-log.test.ts.
  it("keeps an intact audit chain through the whole lifecycle", async () => {
    const check = await verifyAuditChain();
    expect(check).toMatchObject({ ok: true });
    expect(check.events).toBe(await db().auditEvent.count());
  });
});

import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { issueApiToken } from "@/lib/auth/issue-api-token";
import { recordSignOut } from "@/lib/auth/record-sign-in";
import { completeQueuedScan } from "@/lib/scans/complete-queued-scan";
import { systemActor } from "@/lib/actor";
import { NamespaceProof, Role } from "@/lib/db/generated/client";
import { grantNamespace } from "@/lib/namespaces/grant-namespace";
import { setUserRoles } from "@/lib/users/set-user-roles";
import { submitVersion } from "@/lib/versions/submit-version";
import { callApi, TEST_ORIGIN } from "../support/call-api";
import { backends, useFreshDatabase } from "../support/database";
import { bearer, createCast, sessionHeaders } from "../support/principals";
import { serverJson } from "../support/registry-fixtures";

type Cast = Awaited<ReturnType<typeof createCast>>;
const scan = (verdict: "PASS" | "FAIL") => ({ scannerVersion: "test", verdict, summary: {}, report: { verdict }, findings: [] });
let counter = 0;

async function scanned(cast: Cast, verdict: "PASS" | "FAIL" = "PASS", submitterId = cast.maintainer.id) {
  const version = await submitVersion(serverJson(`${cast.namespace}/api`, `1.0.${++counter}`), submitterId);
  await completeQueuedScan(version.id, scan(verdict), "test-scanner");
  return version.id;
}

const review = async (userId: string, versionId: string, body: Record<string, unknown>) =>
  callApi(`/api/v1/submissions/${versionId}/reviews`, "POST", { headers: await sessionHeaders(userId), body: { reason: "checked every finding", ...body } });

describe.each(backends.slice(0, 1))("API credentials and review rules on $name PostgreSQL", (backend) => {
  useFreshDatabase(backend);
  let cast: Cast;
  beforeAll(async () => {
    cast = await createCast("io.github.apiauth");
  });

  describe("API tokens", () => {
    it("submits within their scope and namespace, shows the secret once, stores only its hash", async () => {
      const issued = await callApi("/api/v1/tokens", "POST", { headers: await sessionHeaders(cast.maintainer.id), body: { name: "ci", scopes: ["submit"], namespaces: [cast.namespace] } });
      expect(issued.status).toBe(201);
      const secret = (issued.body as { token: string }).token;
      expect(secret).toMatch(/^sigil_[A-Za-z0-9_-]{43}$/);
      const stored = await db().apiToken.findFirstOrThrow({ where: { userId: cast.maintainer.id } });
      expect(JSON.stringify(stored)).not.toContain(secret);
      const listed = await callApi("/api/v1/tokens", "GET", { headers: await sessionHeaders(cast.maintainer.id) });
      expect(listed.text).not.toContain(secret);

      const submitted = await callApi("/api/v1/submissions", "POST", { headers: bearer(secret), body: serverJson(`${cast.namespace}/via-token`, "1.0.0") });
      expect(submitted.status).toBe(201);
      const elsewhere = await callApi("/api/v1/submissions", "POST", { headers: bearer(secret), body: serverJson(`${cast.namespace}-other/x`, "1.0.0") });
      expect(elsewhere).toMatchObject({ status: 403, body: { detail: expect.stringContaining("not valid for the namespace") } });
      const withdraw = await callApi(`/api/v1/submissions/${(submitted.body as { id: string }).id}/withdraw`, "POST", { headers: bearer(secret) });
      expect(withdraw).toMatchObject({ status: 403, body: { detail: expect.stringContaining('"withdraw" scope') } });
    });

    it("refuses revoked, expired, unknown and malformed tokens with 401", async () => {
      const { secret, token } = await issueApiToken(cast.maintainer.id, { name: "short", scopes: ["submit"], namespaces: [cast.namespace] });
      const revoke = await callApi(`/api/v1/tokens/${token.id}`, "DELETE", { headers: await sessionHeaders(cast.maintainer.id) });
      expect(revoke.status).toBe(200);
      expect((await callApi("/api/v1/submissions", "GET", { headers: bearer(secret) })).status).toBe(401);

      const expiring = await issueApiToken(cast.maintainer.id, { name: "old", scopes: ["submit"], namespaces: [cast.namespace] });
      await db().apiToken.update({ where: { id: expiring.token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      expect((await callApi("/api/v1/submissions", "GET", { headers: bearer(expiring.secret) })).status).toBe(401);
      expect((await callApi("/api/v1/submissions", "GET", { headers: bearer("sigil_nonsense") })).status).toBe(401);
      expect((await callApi("/api/v1/submissions", "GET", { headers: { authorization: "Basic dXNlcjpwYXNz" } })).status).toBe(401);
    });

    it("never does admin work, even with an admin's token", async () => {
      const { secret } = await issueApiToken(cast.admin.id, { name: "admin", scopes: ["review"], namespaces: [cast.namespace] });
      expect((await callApi("/api/v1/users", "GET", { headers: bearer(secret) })).status).toBe(403);
      expect((await callApi(`/api/v1/users/${cast.maintainer.id}/roles`, "PUT", { headers: bearer(secret), body: { roles: ["ADMIN"] } })).status).toBe(403);
      expect((await callApi("/api/v1/audit", "GET", { headers: bearer(secret) })).status).toBe(403);
      // The override of a failing scan is an admin's decision: never through a token.
      const failing = await scanned(cast, "FAIL");
      const override = await callApi(`/api/v1/submissions/${failing}/reviews`, "POST", { headers: bearer(secret), body: { decision: "APPROVE", reason: "ci says fine", override: true } });
      expect(override).toMatchObject({ status: 403, body: { detail: expect.stringContaining("never done with an API token") } });
      expect((await db().serverVersion.findUniqueOrThrow({ where: { id: failing } })).state).toBe("SCANNED");
      // Nor are tokens managed with a token: a leaked one cannot list or revoke its owner's others.
      const other = await issueApiToken(cast.admin.id, { name: "other", scopes: ["review"], namespaces: [cast.namespace] });
      expect((await callApi("/api/v1/tokens", "GET", { headers: bearer(secret) })).status).toBe(403);
      expect((await callApi(`/api/v1/tokens/${other.token.id}`, "DELETE", { headers: bearer(secret) })).status).toBe(403);
    });

    it("reads and acts only within its namespaces, without naming others", async () => {
      const { secret } = await issueApiToken(cast.reviewer.id, { name: "narrow", scopes: ["review", "rescan"], namespaces: [`${cast.namespace}-other`] });
      const versionId = await scanned(cast);
      for (const [path, method] of [[`/api/v1/submissions/${versionId}`, "GET"], [`/api/v1/submissions/${versionId}/rescan`, "POST"]] as const) {
        const result = await callApi(path, method, { headers: bearer(secret) });
        expect(result.status).toBe(404);
        expect(result.text).not.toContain(cast.namespace);
      }
    });

    it("answers the publisher CLI in the official shape, with an error field on failure", async () => {
      const { secret } = await issueApiToken(cast.maintainer.id, { name: "publisher", scopes: ["submit"], namespaces: [cast.namespace] });
      const published = await callApi("/v0.1/publish", "POST", { headers: bearer(secret), body: serverJson(`${cast.namespace}/cli`, "0.1.0") });
      expect(published).toMatchObject({ status: 200, body: { server: { name: `${cast.namespace}/cli`, version: "0.1.0" }, _meta: { "dev.sigil/review": { status: "submitted" } } } });
      const again = await callApi("/v0/publish", "POST", { headers: bearer(secret), body: serverJson(`${cast.namespace}/cli`, "0.1.0") });
      expect(again).toMatchObject({ status: 409, body: { error: expect.stringContaining("already been submitted") } });
      // Submitted, not published: the read API does not list it.
      expect((await callApi(`/v0.1/servers?search=${encodeURIComponent(`${cast.namespace}/cli`)}`)).body).toMatchObject({ servers: [] });
    });
  });

  describe("cross-site requests", () => {
    it("refuses a cookie-authenticated change without the registry's Origin, and writes nothing", async () => {
      const { cookie } = await sessionHeaders(cast.maintainer.id);
      const before = await db().serverVersion.count();
      const attempts: Record<string, string>[] = [{ cookie }, { cookie, origin: "https://evil.example" }, { cookie, origin: "null" }];
      for (const headers of attempts) {
        const result = await callApi("/api/v1/submissions", "POST", { headers, body: serverJson(`${cast.namespace}/csrf`, "1.0.0") });
        expect(result).toMatchObject({ status: 403, body: { detail: expect.stringContaining("Cross-site request refused") } });
      }
      expect(await db().serverVersion.count()).toBe(before);
      // Reading needs no Origin; an API token is not sent by browsers on their own, so it needs none either.
      expect((await callApi("/api/v1/submissions", "GET", { headers: { cookie } })).status).toBe(200);
      const ok = await callApi("/api/v1/submissions", "POST", { headers: { cookie, origin: TEST_ORIGIN }, body: serverJson(`${cast.namespace}/csrf`, "1.0.0") });
      expect(ok.status).toBe(201);
    });

    it("ends every earlier session of a user who signs out, a copied cookie included", async () => {
      const stolen = await sessionHeaders(cast.otherMaintainer.id);
      expect((await callApi("/api/v1/submissions", "GET", { headers: stolen })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100)); // session times are whole seconds
      await recordSignOut(cast.otherMaintainer.id);
      expect((await callApi("/api/v1/submissions", "GET", { headers: stolen })).status).toBe(401);
      expect(await db().auditEvent.count({ where: { action: "user.signed_out", subjectId: cast.otherMaintainer.id } })).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await callApi("/api/v1/submissions", "GET", { headers: await sessionHeaders(cast.otherMaintainer.id) })).status).toBe(200);
    });

    it("ignores a forged or expired session cookie", async () => {
      const forged = "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..forged.forged.forged";
      expect((await callApi("/api/v1/submissions", "GET", { headers: { cookie: forged } })).status).toBe(401);
      const expired = await encode({ token: { sub: cast.maintainer.id, signedInAt: Math.floor(Date.now() / 1000) }, secret: process.env.NEXTAUTH_SECRET!, maxAge: -60 });
      expect((await callApi("/api/v1/submissions", "GET", { headers: { cookie: `next-auth.session-token=${expired}` } })).status).toBe(401);
      const otherSecret = await encode({ token: { sub: cast.maintainer.id, signedInAt: Math.floor(Date.now() / 1000) }, secret: "another registry's secret, 32+ characters long" });
      expect((await callApi("/api/v1/submissions", "GET", { headers: { cookie: `next-auth.session-token=${otherSecret}` } })).status).toBe(401);
    });
  });

  describe("review rules", () => {
    it("refuses self-approval, even by a reviewer", async () => {
      await setUserRoles(cast.maintainer.id, { roles: [Role.MAINTAINER, Role.REVIEWER] }, cast.admin.id);
      const versionId = await scanned(cast);
      const own = await review(cast.maintainer.id, versionId, { decision: "APPROVE" });
      expect(own).toMatchObject({ status: 403, body: { detail: "You cannot review your own submission." } });
      expect((await db().serverVersion.findUniqueOrThrow({ where: { id: versionId } })).state).toBe("SCANNED");
      await setUserRoles(cast.maintainer.id, { roles: [Role.MAINTAINER] }, cast.admin.id);
    });

    it("refuses a reviewer who co-owns the server's namespace", async () => {
      await grantNamespace({ name: cast.namespace, ownerId: cast.secondReviewer.id, proof: NamespaceProof.ADMIN_GRANT }, systemActor("test"));
      const versionId = await scanned(cast);
      const coOwner = await review(cast.secondReviewer.id, versionId, { decision: "APPROVE" });
      expect(coOwner).toMatchObject({ status: 403, body: { detail: expect.stringContaining("You own this server's namespace") } });
      await db().namespaceOwner.deleteMany({ where: { userId: cast.secondReviewer.id, namespace: { name: cast.namespace } } });
    });

    it("needs a second approval by another reviewer for a failing scan", async () => {
      const versionId = await scanned(cast, "FAIL");
      expect((await review(cast.reviewer.id, versionId, { decision: "APPROVE" })).body).toMatchObject({ state: "SCANNED" });
      expect((await review(cast.reviewer.id, versionId, { decision: "APPROVE" })).status).toBe(409);
      const second = await review(cast.secondReviewer.id, versionId, { decision: "APPROVE" });
      expect(second).toMatchObject({ status: 201, body: { state: "APPROVED", reviews: [expect.objectContaining({ decision: "APPROVE" }), expect.objectContaining({ decision: "APPROVE" })] } });
    });

    it("lets an admin override a failing scan with a written justification, and only an admin", async () => {
      const versionId = await scanned(cast, "FAIL");
      expect((await review(cast.reviewer.id, versionId, { decision: "APPROVE", override: true })).status).toBe(403);
      expect((await review(cast.admin.id, versionId, { decision: "APPROVE", override: true, reason: "" })).status).toBe(422);
      const overridden = await review(cast.admin.id, versionId, { decision: "APPROVE", override: true, reason: "the exec finding is the documented CLI launcher" });
      expect(overridden.body).toMatchObject({ state: "APPROVED", reviews: [expect.objectContaining({ override: true })] });
    });

    it("requires a reason to reject, and records who rejected", async () => {
      const versionId = await scanned(cast);
      expect((await review(cast.reviewer.id, versionId, { decision: "REJECT", reason: " " })).status).toBe(422);
      const rejected = await review(cast.reviewer.id, versionId, { decision: "REJECT", reason: "undeclared network access" });
      expect(rejected.body).toMatchObject({ state: "REJECTED" });
      const event = await db().auditEvent.findFirstOrThrow({ where: { subjectId: versionId, action: "version.rejected" } });
      expect(event.actorId).toBe(cast.reviewer.id);
    });

    it("lists the queue oldest first, filtered by verdict", async () => {
      const first = await scanned(cast, "FAIL");
      const second = await scanned(cast, "PASS");
      const queue = await callApi("/api/v1/review-queue", "GET", { headers: await sessionHeaders(cast.reviewer.id) });
      const ids = (queue.body as { submissions: { id: string }[] }).submissions.map((s) => s.id);
      expect(ids.indexOf(first)).toBeLessThan(ids.indexOf(second));
      const failing = await callApi("/api/v1/review-queue?verdict=FAIL", "GET", { headers: await sessionHeaders(cast.reviewer.id) });
      const failingIds = (failing.body as { submissions: { id: string; verdict: string }[] }).submissions;
      expect(failingIds.map((s) => s.id)).toContain(first);
      expect(failingIds.every((s) => s.verdict === "FAIL")).toBe(true);
    });

    it("withdraws a submission with a queued scan, ending the scan", async () => {
      const version = await submitVersion(serverJson(`${cast.namespace}/api`, `1.0.${++counter}`), cast.maintainer.id);
      const withdrawn = await callApi(`/api/v1/submissions/${version.id}/withdraw`, "POST", { headers: await sessionHeaders(cast.maintainer.id) });
      expect(withdrawn.body).toMatchObject({ state: "WITHDRAWN", scan: { state: "DEAD", error: "The submission was withdrawn." } });
      const again = await callApi(`/api/v1/submissions/${version.id}/withdraw`, "POST", { headers: await sessionHeaders(cast.maintainer.id) });
      expect(again.status).toBe(409);
    });
  });
});

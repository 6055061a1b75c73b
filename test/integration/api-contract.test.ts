import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as submissionsRoute from "@/app/api/v1/submissions/route";
import type { ChainCheck } from "@/lib/audit/verify-audit-chain";
import { completeQueuedScan } from "@/lib/scans/complete-queued-scan";
import type { ScanFindingInput } from "@/lib/scans/complete-scan-job";
import { db } from "@/lib/db/client";
import { submitVersion } from "@/lib/versions/submit-version";
import { type ApiResult, callApi, TEST_ORIGIN } from "../support/call-api";
import {
  expectDocumentedAnswer,
  expectEveryFieldChecked,
  expectValid,
  type Method,
  type MutationOptions,
  officialComponentRef,
  officialResponseSchemaRef,
  schemaErrors,
  sigilComponentRef,
} from "../support/contract";
import { backends, useFreshDatabase } from "../support/database";
import { referenceExamples, startFakeUpstreamRegistry } from "../support/fake-upstream-registry";
import { bearer, createCast, sessionHeaders } from "../support/principals";
import { publishThroughReview } from "../support/publish-through-review";
import { serverJson } from "../support/registry-fixtures";

// Namespace proofs are looked for on a closed local port: they fail at once, and never leave the machine.
process.env.SIGIL_WELL_KNOWN_ORIGIN_OVERRIDE = "http://127.0.0.1:9";

type Cast = Awaited<ReturnType<typeof createCast>>;
type Headers = Record<string, string>;

const findings: ScanFindingInput[] = [
  { ruleId: "network-undeclared-host", category: "network", severity: "HIGH", message: "fetch() to a host the manifest does not declare", file: "dist/index.js", line: 12, snippet: "fetch(url)" },
  { ruleId: "dependency-advisory", category: "dependencies", severity: "MEDIUM", message: "a dependency has a moderate advisory", viaDependency: "left-pad@1.0.0" },
];
const warnScan = { scannerVersion: "contract-test", verdict: "WARN" as const, summary: { findings: findings.length }, report: { verdict: "WARN" }, findings, integrity: "sha512-Y29udHJhY3Q=", sha256: "ab".repeat(32), tarballSize: 1234 };

// Fields whose values other schemas describe, or that are free-form JSON.
const SUBMISSION: MutationOptions = { opaque: ["serverJson", "summary"] };
// Problem documents may carry extension members (RFC 7807); `errors` only for invalid input.
const PROBLEM: MutationOptions = { open: [""], optional: ["errors"] };

/**
 * Calls `path` (an instance of `pathTemplate`), and asserts that the answer has `status` and is
 * exactly what the document says for it: the status listed, its content type, its schema; and,
 * with `mutations`, that the schema checks every field the answer carries.
 */
async function documented(pathTemplate: string, method: Method, status: number, path: string, init: { headers?: Headers; body?: unknown } = {}, mutations?: MutationOptions): Promise<ApiResult & { body: Record<string, any> }> {
  const result = await callApi(path, method.toUpperCase() as Uppercase<Method>, init);
  expect(result.status, `${method.toUpperCase()} ${path}: ${result.text.slice(0, 500)}`).toBe(status);
  const ref = expectDocumentedAnswer(pathTemplate, method, result);
  if (mutations) expectEveryFieldChecked(ref, result.body, mutations);
  return result as ApiResult & { body: Record<string, any> };
}

describe("the contract check itself", () => {
  it("fails an answer with a documented field missing, of the wrong type, or undocumented", () => {
    const user = { id: "u1", name: null, email: "a@example.test", githubLogin: null, roles: ["ADMIN"], createdAt: "2026-11-22T13:15:04.280Z", disabled: false };
    expect(schemaErrors(sigilComponentRef("User"), user)).toEqual([]);
    const { disabled: _, ...missing } = user;
    expect(schemaErrors(sigilComponentRef("User"), missing)).not.toEqual([]);
    expect(schemaErrors(sigilComponentRef("User"), { ...user, roles: "ADMIN" })).not.toEqual([]);
    expect(schemaErrors(sigilComponentRef("User"), { ...user, createdAt: "yesterday" })).not.toEqual([]);
    expect(schemaErrors(sigilComponentRef("User"), { ...user, passwordHash: "$2a$12$..." })).not.toEqual([]);
    const token = { id: "t1", name: "ci", prefix: "sigil_abcdef", scopes: ["submit"], namespaces: ["io.github.a"], createdAt: user.createdAt, expiresAt: user.createdAt, revokedAt: null };
    expect(schemaErrors(sigilComponentRef("ApiToken"), token)).toEqual([]);
    expect(schemaErrors(sigilComponentRef("ApiToken"), { ...token, tokenHash: "ab".repeat(32) })).not.toEqual([]);
    expect(schemaErrors(sigilComponentRef("ApiToken"), { ...token, token: `sigil_${"a".repeat(43)}` })).not.toEqual([]);
    expect(schemaErrors(sigilComponentRef("NewApiToken"), { ...token, token: `sigil_${"a".repeat(43)}` })).toEqual([]);
    expect(schemaErrors(sigilComponentRef("NewApiToken"), token)).not.toEqual([]);
  });

  it("describes both outcomes of the audit chain check as the code types them", () => {
    const outcomes: ChainCheck[] = [
      { ok: true, events: 12 },
      { ok: false, events: 4, brokenAt: 5, problem: "altered", reason: "Event 5 was changed after it was written: its hash does not match its contents." },
    ];
    for (const outcome of outcomes) expectEveryFieldChecked(sigilComponentRef("ChainCheck"), outcome);
  });
});

describe.each(backends)("the API's answers against Sigil's OpenAPI document on $name PostgreSQL", (backend) => {
  useFreshDatabase(backend);
  let cast: Cast;
  const as = async (who: keyof Omit<Cast, "namespace">) => sessionHeaders(cast[who].id);
  let counter = 0;
  const nextVersion = () => `1.0.${++counter}`;

  async function scannedSubmission(): Promise<string> {
    const version = await submitVersion(serverJson(`${cast.namespace}/scanned`, nextVersion()), cast.maintainer.id);
    await completeQueuedScan(version.id, warnScan, "contract-test");
    return version.id;
  }

  beforeAll(async () => {
    cast = await createCast("io.github.contract");
  });

  describe("submissions and reviews", () => {
    let submissionId: string;

    it("POST /api/v1/submissions answers 201 with a Submission and its Location", async () => {
      const document = serverJson(`${cast.namespace}/weather`, "1.0.0");
      const res = await documented("/api/v1/submissions", "post", 201, "/api/v1/submissions", { headers: await as("maintainer"), body: document }, SUBMISSION);
      expect(res.body).toMatchObject({ name: `${cast.namespace}/weather`, version: "1.0.0", state: "SUBMITTED", serverJson: document, scan: { state: "QUEUED" }, reports: [], reviews: [] });
      submissionId = res.body.id;

      // The documented Location header (call-api gives no headers: the handler is called directly).
      const request = new Request(`${TEST_ORIGIN}/api/v1/submissions`, {
        method: "POST",
        headers: { host: "registry.test", "content-type": "application/json", ...(await as("maintainer")) },
        body: JSON.stringify(serverJson(`${cast.namespace}/weather`, "1.0.1")),
      });
      const response = await submissionsRoute.POST(request);
      expect(response.status).toBe(201);
      expect(response.headers.get("location")).toBe(`/api/v1/submissions/${((await response.json()) as { id: string }).id}`);
    });

    it("POST /api/v1/submissions answers its errors as documented problems", async () => {
      const invalid = await documented("/api/v1/submissions", "post", 422, "/api/v1/submissions", { headers: await as("maintainer"), body: serverJson(`${cast.namespace}/weather`, "^2.0.0") }, PROBLEM);
      expect(invalid.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ location: "version" })]));
      await documented("/api/v1/submissions", "post", 409, "/api/v1/submissions", { headers: await as("maintainer"), body: serverJson(`${cast.namespace}/weather`, "1.0.0") }, PROBLEM);
      await documented("/api/v1/submissions", "post", 403, "/api/v1/submissions", { headers: await as("otherMaintainer"), body: serverJson(`${cast.namespace}/weather`, "3.0.0") }, PROBLEM);
      await documented("/api/v1/submissions", "post", 400, "/api/v1/submissions", { headers: await as("maintainer"), body: "{not json" }, PROBLEM);
    });

    it("GET /api/v1/submissions answers the caller's SubmissionSummary list", async () => {
      const res = await documented("/api/v1/submissions", "get", 200, "/api/v1/submissions", { headers: await as("maintainer") }, {});
      expect(res.body.submissions.map((s: { id: string }) => s.id)).toContain(submissionId);
    });

    it("GET /api/v1/review-queue answers scanned submissions with their verdicts", async () => {
      await completeQueuedScan(submissionId, warnScan, "contract-test");
      const res = await documented("/api/v1/review-queue", "get", 200, "/api/v1/review-queue?verdict=WARN&category=network", { headers: await as("reviewer") }, {});
      expect(res.body.submissions).toEqual([expect.objectContaining({ id: submissionId, state: "SCANNED", verdict: "WARN", scan: expect.objectContaining({ state: "SUCCEEDED" }) })]);
      await documented("/api/v1/review-queue", "get", 400, "/api/v1/review-queue?verdict=MAYBE", { headers: await as("reviewer") }, PROBLEM);
      await documented("/api/v1/review-queue", "get", 403, "/api/v1/review-queue", { headers: await as("maintainer") }, PROBLEM);
    });

    it("POST /api/v1/submissions/{id}/reviews answers 201 with the reviewed Submission", async () => {
      const path = `/api/v1/submissions/${submissionId}/reviews`;
      const unreasoned = await documented("/api/v1/submissions/{id}/reviews", "post", 422, path, { headers: await as("reviewer"), body: { decision: "APPROVE", reason: "ok" } }, PROBLEM);
      expect(unreasoned.body.errors).toEqual([expect.objectContaining({ location: "reason" })]);
      const res = await documented("/api/v1/submissions/{id}/reviews", "post", 201, path, { headers: await as("reviewer"), body: { decision: "APPROVE", reason: "read both findings; the host is the documented API" } }, SUBMISSION);
      expect(res.body).toMatchObject({ state: "APPROVED", reports: [{ verdict: "WARN", findings: expect.arrayContaining([expect.objectContaining({ ruleId: "network-undeclared-host", line: 12 })]) }] });
      expect(res.body.reviews).toEqual([expect.objectContaining({ decision: "APPROVE", override: false, scanReportId: res.body.reports[0].id, reviewer: { id: cast.reviewer.id, name: expect.any(String) } })]);
      await documented("/api/v1/submissions/{id}/reviews", "post", 409, path, { headers: await as("secondReviewer"), body: { decision: "APPROVE", reason: "looked again" } }, PROBLEM);
      await documented("/api/v1/submissions/{id}/reviews", "post", 404, "/api/v1/submissions/no-such-id/reviews", { headers: await as("reviewer"), body: { decision: "APPROVE", reason: "looked again" } }, PROBLEM);
    });

    it("GET /api/v1/submissions/{id} answers the Submission with its pinned package, reports, findings and reviews", async () => {
      const path = `/api/v1/submissions/${submissionId}`;
      const res = await documented("/api/v1/submissions/{id}", "get", 200, path, { headers: await as("maintainer") }, SUBMISSION);
      expect(res.body).toMatchObject({ package: { registryType: "npm", integrity: warnScan.integrity, sha256: warnScan.sha256 }, scan: { state: "SUCCEEDED", progress: { stage: "done" } } });
      expect(res.body.reports[0].findings).toHaveLength(2);
      // Someone else's submission does not exist for them.
      await documented("/api/v1/submissions/{id}", "get", 404, path, { headers: await as("otherMaintainer") }, PROBLEM);
      await documented("/api/v1/submissions/{id}", "get", 401, path, {}, PROBLEM);
    });

    it("POST /api/v1/submissions/{id}/rescan answers 202 with the new scan job", async () => {
      const id = await scannedSubmission();
      const res = await documented("/api/v1/submissions/{id}/rescan", "post", 202, `/api/v1/submissions/${id}/rescan`, { headers: await as("reviewer") }, SUBMISSION);
      expect(res.body).toMatchObject({ state: "SCANNED", scan: { state: "QUEUED", progress: null, startedAt: null } });
      await documented("/api/v1/submissions/{id}/rescan", "post", 409, `/api/v1/submissions/${id}/rescan`, { headers: await as("reviewer") }, PROBLEM);
    });

    it("POST /api/v1/submissions/{id}/withdraw answers 200 with the withdrawn Submission, and 404 to anyone but its submitter", async () => {
      const id = await scannedSubmission();
      await documented("/api/v1/submissions/{id}/withdraw", "post", 404, `/api/v1/submissions/${id}/withdraw`, { headers: await as("admin") }, PROBLEM);
      const res = await documented("/api/v1/submissions/{id}/withdraw", "post", 200, `/api/v1/submissions/${id}/withdraw`, { headers: await as("maintainer") }, SUBMISSION);
      expect(res.body.state).toBe("WITHDRAWN");
      await documented("/api/v1/submissions/{id}/withdraw", "post", 409, `/api/v1/submissions/${id}/withdraw`, { headers: await as("maintainer") }, PROBLEM);
    });

    it("refuses a cookie-authenticated change from another origin with a documented 403", async () => {
      const { cookie } = await as("maintainer");
      const res = await documented("/api/v1/submissions", "post", 403, "/api/v1/submissions", { headers: { cookie, origin: "https://evil.example" }, body: serverJson(`${cast.namespace}/weather`, "4.0.0") }, PROBLEM);
      expect(res.body.detail).toContain("Cross-site request refused");
    });
  });

  describe("API tokens and the official publish endpoint", () => {
    let secret: string;
    let tokenId: string;
    const published = () => serverJson(`${cast.namespace}/cli`, "0.1.0");

    it("POST /api/v1/tokens answers 201 with the token and its one-time secret", async () => {
      const res = await documented("/api/v1/tokens", "post", 201, "/api/v1/tokens", { headers: await as("maintainer"), body: { name: "publisher", scopes: ["submit", "withdraw"], namespaces: [cast.namespace], expiresInDays: 30 } }, {});
      expect(res.body).toMatchObject({ name: "publisher", scopes: ["submit", "withdraw"], namespaces: [cast.namespace], revokedAt: null });
      secret = res.body.token;
      tokenId = res.body.id;
      expect(secret.startsWith(res.body.prefix)).toBe(true);
      await documented("/api/v1/tokens", "post", 403, "/api/v1/tokens", { headers: bearer(secret), body: { name: "again", scopes: ["submit"], namespaces: [cast.namespace] } }, PROBLEM);
      await documented("/api/v1/tokens", "post", 403, "/api/v1/tokens", { headers: await as("maintainer"), body: { name: "review", scopes: ["review"], namespaces: [cast.namespace] } }, PROBLEM);
      await documented("/api/v1/tokens", "post", 422, "/api/v1/tokens", { headers: await as("maintainer"), body: { name: "", scopes: [], namespaces: [cast.namespace] } }, PROBLEM);
    });

    it("GET /api/v1/tokens answers the caller's tokens without their secrets", async () => {
      const res = await documented("/api/v1/tokens", "get", 200, "/api/v1/tokens", { headers: await as("maintainer") }, {});
      expect(res.body.tokens.map((t: { id: string }) => t.id)).toEqual([tokenId]);
      expect(res.text).not.toContain(secret);
      await documented("/api/v1/tokens", "get", 403, "/api/v1/tokens", { headers: bearer(secret) }, PROBLEM);
    });

    it("POST /v0.1/publish answers 200 in the official ServerResponse shape with the dev.sigil/review block", async () => {
      const res = await documented("/v0.1/publish", "post", 200, "/v0.1/publish", { headers: bearer(secret), body: published() }, { opaque: ["server"], open: ["_meta"] });
      // The official document's own answer for a publish, and its ServerResponse.
      expectValid(officialResponseSchemaRef("/v0.1/publish", "200", "post"), res.body);
      expectValid(officialComponentRef("ServerResponse"), res.body);
      expect(res.body.server).toEqual(published());
      const review = res.body._meta["dev.sigil/review"];
      expect(review).toMatchObject({ status: "submitted", submissionUrl: `${TEST_ORIGIN}/api/v1/submissions/${review.submissionId}` });
      expect(res.body._meta).not.toHaveProperty("io.modelcontextprotocol.registry/official");
      // The submission it names is the caller's, awaiting its scan.
      const submission = await documented("/api/v1/submissions/{id}", "get", 200, `/api/v1/submissions/${review.submissionId}`, { headers: bearer(secret) }, SUBMISSION);
      expect(submission.body).toMatchObject({ name: `${cast.namespace}/cli`, state: "SUBMITTED" });
    });

    it("POST /v0.1/publish and /v0/publish answer errors as problems that also carry the official `error`", async () => {
      const official = (status: number, body: unknown) => expectValid(officialResponseSchemaRef("/v0.1/publish", String(status), "post"), body);
      const anonymous = await documented("/v0.1/publish", "post", 401, "/v0.1/publish", { body: published() }, PROBLEM);
      official(401, anonymous.body);
      const elsewhere = await documented("/v0.1/publish", "post", 403, "/v0.1/publish", { headers: bearer(secret), body: serverJson(`${cast.namespace}-other/cli`, "0.1.0") }, PROBLEM);
      official(403, elsewhere.body);
      expect(elsewhere.body.detail).toContain("not valid for the namespace");
      const again = await documented("/v0/publish", "post", 409, "/v0/publish", { headers: bearer(secret), body: published() }, PROBLEM);
      const invalid = await documented("/v0.1/publish", "post", 422, "/v0.1/publish", { headers: bearer(secret), body: { ...published(), version: "latest" } }, PROBLEM);
      for (const problem of [anonymous, elsewhere, again, invalid]) expect(problem.body.error).toBe(problem.body.detail);
    });

    it("POST /api/v1/submissions/{id}/withdraw with a token answers 200", async () => {
      const mine = await documented("/api/v1/submissions", "get", 200, "/api/v1/submissions", { headers: bearer(secret) });
      const submitted = mine.body.submissions.find((s: { name: string }) => s.name === `${cast.namespace}/cli`);
      const res = await documented("/api/v1/submissions/{id}/withdraw", "post", 200, `/api/v1/submissions/${submitted.id}/withdraw`, { headers: bearer(secret) }, SUBMISSION);
      expect(res.body).toMatchObject({ state: "WITHDRAWN", scan: { state: "DEAD", error: "The submission was withdrawn." } });
    });

    it("DELETE /api/v1/tokens/{id} answers 200 with the revoked token, and 404 for someone else's", async () => {
      await documented("/api/v1/tokens/{id}", "delete", 404, `/api/v1/tokens/${tokenId}`, { headers: await as("otherMaintainer") }, PROBLEM);
      const res = await documented("/api/v1/tokens/{id}", "delete", 200, `/api/v1/tokens/${tokenId}`, { headers: await as("maintainer") }, {});
      expect(res.body.revokedAt).toEqual(expect.any(String));
      await documented("/api/v1/tokens/{id}", "delete", 409, `/api/v1/tokens/${tokenId}`, { headers: await as("maintainer") }, PROBLEM);
      await documented("/api/v1/submissions", "get", 401, "/api/v1/submissions", { headers: bearer(secret) }, PROBLEM);
    });
  });

  describe("admin operations and namespaces", () => {
    it("GET /api/v1/audit answers an AuditEventPage with its cursor", async () => {
      const first = await documented("/api/v1/audit", "get", 200, "/api/v1/audit?limit=3", { headers: await as("admin") }, { opaque: ["data"], optional: ["nextCursor"] });
      expect(first.body.events).toHaveLength(3);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const next = await documented("/api/v1/audit", "get", 200, `/api/v1/audit?limit=3&cursor=${first.body.nextCursor}`, { headers: await as("admin") }, { opaque: ["data"], optional: ["nextCursor"] });
      expect(next.body.events[0].seq).toBeLessThan(first.body.events[2].seq);
      const filtered = await documented("/api/v1/audit", "get", 200, "/api/v1/audit?action=version.&order=oldest", { headers: await as("admin") });
      expect(filtered.body.events.every((e: { action: string }) => e.action.startsWith("version."))).toBe(true);
      const bad = await documented("/api/v1/audit", "get", 400, "/api/v1/audit?limit=0&since=yesterday", { headers: await as("admin") }, PROBLEM);
      expect(bad.body.errors.map((e: { location: string }) => e.location).sort()).toEqual(["limit", "since"]);
      await documented("/api/v1/audit", "get", 403, "/api/v1/audit", { headers: await as("reviewer") }, PROBLEM);
    });

    it("GET /api/v1/audit/verify answers a ChainCheck", async () => {
      const res = await documented("/api/v1/audit/verify", "get", 200, "/api/v1/audit/verify", { headers: await as("admin") }, {});
      expect(res.body).toMatchObject({ ok: true, events: expect.any(Number) });
    });

    it("/api/v1/users and its roles answer User documents", async () => {
      const created = await documented("/api/v1/users", "post", 201, "/api/v1/users", { headers: await as("admin"), body: { email: "New.Person@Example.test", name: "New Person", password: "a long enough password", roles: ["MAINTAINER"] } }, {});
      expect(created.body).toMatchObject({ email: "new.person@example.test", roles: ["MAINTAINER"], disabled: false });
      await documented("/api/v1/users", "post", 409, "/api/v1/users", { headers: await as("admin"), body: { email: "new.person@example.test", password: "another long password" } }, PROBLEM);
      await documented("/api/v1/users", "post", 422, "/api/v1/users", { headers: await as("admin"), body: { email: "no.password@example.test" } }, PROBLEM);
      await documented("/api/v1/users", "post", 422, "/api/v1/users", { headers: await as("admin"), body: { email: "not an email", password: "short" } }, PROBLEM);
      const listed = await documented("/api/v1/users", "get", 200, "/api/v1/users", { headers: await as("admin") }, {});
      expect(listed.body.users.map((u: { id: string }) => u.id)).toContain(created.body.id);
      const roles = await documented("/api/v1/users/{id}/roles", "put", 200, `/api/v1/users/${created.body.id}/roles`, { headers: await as("admin"), body: { roles: ["MAINTAINER", "REVIEWER"] } }, {});
      expect(roles.body.roles).toEqual(["MAINTAINER", "REVIEWER"]);
      await documented("/api/v1/users/{id}/roles", "put", 404, "/api/v1/users/no-such-user/roles", { headers: await as("admin"), body: { roles: [] } }, PROBLEM);
      await documented("/api/v1/users/{id}/roles", "put", 409, `/api/v1/users/${cast.admin.id}/roles`, { headers: await as("admin"), body: { roles: [] } }, PROBLEM);
      // Admin work is never done with a token, even an admin's.
      const token = await documented("/api/v1/tokens", "post", 201, "/api/v1/tokens", { headers: await as("admin"), body: { name: "admin", scopes: ["review"], namespaces: [cast.namespace] } });
      await documented("/api/v1/users", "get", 403, "/api/v1/users", { headers: bearer(token.body.token) }, PROBLEM);
    });

    it("POST /api/v1/namespaces answers 201 with the granted namespace", async () => {
      const res = await documented("/api/v1/namespaces", "post", 201, "/api/v1/namespaces", { headers: await as("admin"), body: { name: "com.example.granted", ownerId: cast.otherMaintainer.id, note: "support ticket 42" } }, {});
      expect(res.body).toEqual({ namespace: "com.example.granted", proof: "ADMIN_GRANT" });
      await documented("/api/v1/namespaces", "post", 404, "/api/v1/namespaces", { headers: await as("admin"), body: { name: "com.example.granted", ownerId: "no-such-user" } }, PROBLEM);
    });

    it("POST /api/v1/namespaces/claims answers 201 with the claim's instructions, and verifying an unpublished one 422", async () => {
      const res = await documented("/api/v1/namespaces/claims", "post", 201, "/api/v1/namespaces/claims", { headers: await as("maintainer"), body: { namespace: "com.sigil-contract", method: "http" } }, {});
      expect(res.body).toMatchObject({ namespace: "com.sigil-contract", domain: "sigil-contract.com", method: "http", value: `sigil-verification=${res.body.token}` });
      await documented("/api/v1/namespaces/claims", "post", 422, "/api/v1/namespaces/claims", { headers: await as("maintainer"), body: { namespace: "io.github.someone", method: "dns" } }, PROBLEM);
      const path = `/api/v1/namespaces/claims/${res.body.claimId}/verify`;
      const unproven = await documented("/api/v1/namespaces/claims/{id}/verify", "post", 422, path, { headers: await as("maintainer") }, PROBLEM);
      expect(unproven.body.title).toBe("Namespace Not Proven");
      await documented("/api/v1/namespaces/claims/{id}/verify", "post", 404, path, { headers: await as("otherMaintainer") }, PROBLEM);
      await documented("/api/v1/namespaces/claims/{id}/verify", "post", 404, "/api/v1/namespaces/claims/no-such-claim/verify", { headers: await as("maintainer") }, PROBLEM);
    });

    describe("signed publication, verification and revocation", () => {
      let published: { serverName: string; version: string };
      beforeAll(async () => {
        const version = await submitVersion(serverJson(`${cast.namespace}/signed`, "1.0.0"), cast.maintainer.id);
        published = await publishThroughReview(version.id, cast.reviewer.id);
      });
      const versionPath = () => `/api/v1/servers/${encodeURIComponent(published.serverName)}/versions/${published.version}`;

      it("the read API carries the SigilPublishedReview block, every field checked", async () => {
        const res = await callApi(`/v0.1/servers/${encodeURIComponent(published.serverName)}/versions/${published.version}`);
        expectEveryFieldChecked(sigilComponentRef("SigilPublishedReview"), res.body && (res.body as { _meta: Record<string, unknown> })._meta["dev.sigil/review"], { opaque: ["permissions"], optional: ["approvals.*.override"] });
      });

      it("GET .../bundle and .../report answer the SigstoreBundle and the report, 404 for what is not published", async () => {
        await documented("/api/v1/servers/{serverName}/versions/{version}/bundle", "get", 200, `${versionPath()}/bundle`);
        await documented("/api/v1/servers/{serverName}/versions/{version}/report", "get", 200, `${versionPath()}/report`);
        await documented("/api/v1/servers/{serverName}/versions/{version}/bundle", "get", 404, `/api/v1/servers/${encodeURIComponent(published.serverName)}/versions/0.0.0/bundle`, {}, PROBLEM);
      });

      it("the trust documents answer as documented", async () => {
        await documented("/.well-known/sigil/trusted_root.json", "get", 200, "/.well-known/sigil/trusted_root.json");
        await documented("/.well-known/sigil/identities.json", "get", 200, "/.well-known/sigil/identities.json", {}, {});
        await documented("/.well-known/sigil/keys.json", "get", 200, "/.well-known/sigil/keys.json", {}, { optional: ["keys.*.publicKey.validFor.end"] });
      });

      it("POST /api/v1/verify answers a Verification, verified or not, and problems for bad requests", async () => {
        const ok = await documented("/api/v1/verify", "post", 200, "/api/v1/verify", { body: { name: published.serverName, version: published.version } }, {});
        expect(ok.body.verified).toBe(true);
        const missing = await documented("/api/v1/verify", "post", 200, "/api/v1/verify", { body: { name: published.serverName, version: "9.9.9" } }, {});
        expect(missing.body).toMatchObject({ verified: false, reasons: [{ code: "NOT_FOUND" }] });
        await documented("/api/v1/verify", "post", 422, "/api/v1/verify", { body: { name: published.serverName } }, PROBLEM);
        await documented("/api/v1/verify", "post", 400, "/api/v1/verify", { body: { name: published.serverName, version: published.version, integrity: "md5-x" } }, PROBLEM);
      });

      it("PUT and GET /api/v1/publishing answer the freeze", async () => {
        const frozen = await documented("/api/v1/publishing", "put", 200, "/api/v1/publishing", { headers: await as("admin"), body: { frozen: true, reason: "rotating the key" } }, {});
        expect(frozen.body).toMatchObject({ frozen: true, reason: "rotating the key", published: 0 });
        await documented("/api/v1/publishing", "get", 200, "/api/v1/publishing", { headers: await as("admin") }, {});
        await documented("/api/v1/publishing", "put", 409, "/api/v1/publishing", { headers: await as("admin"), body: { frozen: true, reason: "again" } }, PROBLEM);
        const lifted = await documented("/api/v1/publishing", "put", 200, "/api/v1/publishing", { headers: await as("admin"), body: { frozen: false, reason: "rotated" } }, {});
        expect(lifted.body).toMatchObject({ frozen: false, frozenAt: null });
        await documented("/api/v1/publishing", "get", 403, "/api/v1/publishing", { headers: await as("reviewer") }, PROBLEM);
      });

      it("POST /api/v1/revocations answers the Revocations, 409 for one already revoked, 404 for an unknown version", async () => {
        const res = await documented("/api/v1/revocations", "post", 201, "/api/v1/revocations", { headers: await as("admin"), body: { name: published.serverName, version: published.version, reason: "contract check" } }, {});
        expect(res.body.revocations).toHaveLength(1);
        await documented("/api/v1/revocations", "post", 409, "/api/v1/revocations", { headers: await as("admin"), body: { name: published.serverName, version: published.version, reason: "again" } }, PROBLEM);
        await documented("/api/v1/revocations", "post", 404, "/api/v1/revocations", { headers: await as("admin"), body: { name: published.serverName, version: "0.0.0", reason: "nothing there" } }, PROBLEM);
        await documented("/api/v1/revocations", "post", 422, "/api/v1/revocations", { headers: await as("admin"), body: { name: published.serverName, reason: "which one?" } }, PROBLEM);
        await documented("/.well-known/sigil/revocations.json", "get", 200, "/.well-known/sigil/revocations.json");
      });

      it("POST /api/v1/signing-keys/compromised answers the key's validity, 404 for an unknown key", async () => {
        const old = await db().signingKey.create({ data: { keyId: "SHA256:contract-old", algorithm: "ecdsa-p256-sha256", publicKeyPem: "-", validFrom: new Date("2026-01-01T00:00:00Z"), validTo: new Date("2026-03-01T00:00:00Z") } });
        const res = await documented("/api/v1/signing-keys/compromised", "post", 200, "/api/v1/signing-keys/compromised", { headers: await as("admin"), body: { keyId: old.keyId, from: "2026-02-01T00:00:00Z", reason: "found in a paste" } }, {});
        expect(res.body).toEqual({ keyId: old.keyId, validFrom: "2026-01-01T00:00:00.000Z", validTo: "2026-02-01T00:00:00.000Z", compromisedReason: "found in a paste" });
        await documented("/api/v1/signing-keys/compromised", "post", 404, "/api/v1/signing-keys/compromised", { headers: await as("admin"), body: { keyId: "SHA256:none", from: "2026-02-01T00:00:00Z", reason: "no such key" } }, PROBLEM);
        await documented("/api/v1/signing-keys/compromised", "post", 422, "/api/v1/signing-keys/compromised", { headers: await as("admin"), body: { keyId: old.keyId, from: "yesterday", reason: "bad date" } }, PROBLEM);
      });
    });

    describe("imports", () => {
      let upstream: Awaited<ReturnType<typeof startFakeUpstreamRegistry>>;
      beforeAll(async () => {
        const [example] = referenceExamples();
        upstream = await startFakeUpstreamRegistry([
          { server: example!.document, updatedAt: new Date("2026-01-01T00:00:00Z") },
          { server: { name: "io.github.upstream/bad", description: "not a valid version", version: "^1.0.0" }, updatedAt: new Date("2026-01-02T00:00:00Z") },
        ]);
      });
      afterAll(async () => upstream?.close());
      const IMPORT: MutationOptions = { opaque: [], optional: ["details.invalidDocuments.*.name", "details.invalidDocuments.*.version"] };

      it("POST /api/v1/imports answers 201 with the ImportSummary, and GET lists the runs", async () => {
        const res = await documented("/api/v1/imports", "post", 201, "/api/v1/imports", { headers: await as("admin"), body: { upstreamUrl: upstream.url } }, IMPORT);
        expect(res.body).toMatchObject({ upstreamUrl: upstream.url, imported: 1, invalid: 1, error: null, details: { invalidDocuments: [{ name: "io.github.upstream/bad" }] } });
        const listed = await documented("/api/v1/imports", "get", 200, "/api/v1/imports", { headers: await as("admin") }, { optional: IMPORT.optional!.map((p) => `imports.*.${p}`) });
        expect(listed.body.imports[0].id).toBe(res.body.id);
        await documented("/api/v1/imports", "post", 400, "/api/v1/imports", { headers: await as("admin"), body: { upstreamUrl: "ftp://example.com" } }, PROBLEM);
        await documented("/api/v1/imports", "post", 502, "/api/v1/imports", { headers: await as("admin"), body: { upstreamUrl: "http://127.0.0.1:9" } }, PROBLEM);
      });
    });
  });
});

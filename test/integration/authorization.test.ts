import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { completeQueuedScan } from "@/lib/scans/complete-queued-scan";
import { issueApiToken } from "@/lib/auth/issue-api-token";
import { startNamespaceClaim } from "@/lib/namespaces/namespace-claims";
import { publishingFreeze } from "@/lib/versions/publishing-freeze";
import { submitVersion } from "@/lib/versions/submit-version";

// Namespace checks go to a closed local port: they fail at once, and never leave the machine.
process.env.SIGIL_WELL_KNOWN_ORIGIN_OVERRIDE = "http://127.0.0.1:9";
import { callApi, routeFileOf } from "../support/call-api";
import { useFreshDatabase, backends } from "../support/database";
import { createCast, sessionHeaders } from "../support/principals";
import { publishThroughReview } from "../support/publish-through-review";
import { serverJson } from "../support/registry-fixtures";

type Who = "anonymous" | "otherMaintainer" | "maintainer" | "reviewer" | "admin";
const WHO: Who[] = ["anonymous", "otherMaintainer", "maintainer", "reviewer", "admin"];
type Cast = Awaited<ReturnType<typeof createCast>>;

const passingScan = { scannerVersion: "test", verdict: "PASS" as const, summary: {}, report: { verdict: "PASS" }, findings: [] };

let counter = 0;
/** A new version of the maintainer's server, published (signed). */
async function publishedVersion(cast: Cast) {
  return publishThroughReview((await submitVersion(serverJson(`${cast.namespace}/matrix`, `5.0.${++counter}`), cast.maintainer.id)).id, cast.reviewer.id);
}

/** A new version of the maintainer's server, scanned and waiting for review. */
async function scannedSubmission(cast: Cast): Promise<string> {
  const version = await submitVersion(serverJson(`${cast.namespace}/matrix`, `1.0.${++counter}`), cast.maintainer.id);
  await completeQueuedScan(version.id, passingScan, "test-scanner");
  return version.id;
}

interface Row {
  route: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The path's shape, with `x` for ids: which route file the row covers. */
  path: string;
  /** Builds the path and body for one cell; runs before the call, so state-changing rows act on fresh records. */
  prepare: (cast: Cast) => Promise<{ path: string; body?: unknown }>;
  expected: Record<Who, number>;
  /** Why a cell is refused, where the status alone could hide a different reason. */
  because?: Partial<Record<Who, RegExp>>;
}

// Every route and action of the API, by who calls it. 401: no credentials; 403: signed in but not
// allowed; 404: not theirs to see (so that ids cannot be probed).
const MATRIX: Row[] = [
  { route: "list own submissions", method: "GET", path: "/api/v1/submissions", prepare: async () => ({ path: "/api/v1/submissions" }), expected: { anonymous: 401, otherMaintainer: 200, maintainer: 200, reviewer: 200, admin: 200 } },
  {
    route: "submit",
    method: "POST",
    path: "/api/v1/submissions",
    prepare: async (cast) => ({ path: "/api/v1/submissions", body: serverJson(`${cast.namespace}/matrix`, `2.0.${++counter}`) }),
    expected: { anonymous: 401, otherMaintainer: 403, maintainer: 201, reviewer: 403, admin: 403 },
    because: { otherMaintainer: /not proven ownership/, reviewer: /Only maintainers/, admin: /not proven ownership/ },
  },
  { route: "read a submission", method: "GET", path: "/api/v1/submissions/x", prepare: async (cast) => ({ path: `/api/v1/submissions/${await scannedSubmission(cast)}` }), expected: { anonymous: 401, otherMaintainer: 404, maintainer: 200, reviewer: 200, admin: 200 } },
  { route: "withdraw", method: "POST", path: "/api/v1/submissions/x/withdraw", prepare: async (cast) => ({ path: `/api/v1/submissions/${await scannedSubmission(cast)}/withdraw` }), expected: { anonymous: 401, otherMaintainer: 404, maintainer: 200, reviewer: 404, admin: 404 } },
  {
    route: "approve",
    method: "POST",
    path: "/api/v1/submissions/x/reviews",
    prepare: async (cast) => ({ path: `/api/v1/submissions/${await scannedSubmission(cast)}/reviews`, body: { decision: "APPROVE", reason: "looked at every finding" } }),
    expected: { anonymous: 401, otherMaintainer: 403, maintainer: 403, reviewer: 201, admin: 201 },
    because: { otherMaintainer: /Only reviewers/, maintainer: /Only reviewers/ },
  },
  { route: "rescan", method: "POST", path: "/api/v1/submissions/x/rescan", prepare: async (cast) => ({ path: `/api/v1/submissions/${await scannedSubmission(cast)}/rescan` }), expected: { anonymous: 401, otherMaintainer: 403, maintainer: 403, reviewer: 202, admin: 202 } },
  { route: "review queue", method: "GET", path: "/api/v1/review-queue", prepare: async () => ({ path: "/api/v1/review-queue" }), expected: { anonymous: 401, otherMaintainer: 403, maintainer: 403, reviewer: 200, admin: 200 } },
  { route: "list users", method: "GET", path: "/api/v1/users", prepare: async () => ({ path: "/api/v1/users" }), expected: { anonymous: 401, otherMaintainer: 403, maintainer: 403, reviewer: 403, admin: 200 } },
  {
    route: "create a user",
    method: "POST",
    path: "/api/v1/users",
    prepare: async () => ({ path: "/api/v1/users", body: { email: `new-${++counter}@example.test`, password: "a long enough password", roles: ["MAINTAINER"] } }),
    expected: { anonymous: 401, otherMaintainer: 403, maintainer: 403, reviewer: 403, admin: 201 },
  },
  {
    route: "change roles",
    method: "PUT",
    path: "/api/v1/users/x/roles",
    prepare: async (cast) => ({ path: `/api/v1/users/${cast.otherMaintainer.id}/roles`, body: { roles: ["MAINTAINER"] } }),
    expected: { anonymous: 401, otherMaintainer: 403, maintainer: 403, reviewer: 403, admin: 200 },
  },
  { route: "list own tokens", method: "GET", path: "/api/v1/tokens", prepare: async () => ({ path: "/api/v1/tokens" }), expected: { anonymous: 401, otherMaintainer: 200, maintainer: 200, reviewer: 200, admin: 200 } },
  {
    route: "issue a submit token",
    method: "POST",
    path: "/api/v1/tokens",
    prepare: async (cast) => ({ path: "/api/v1/tokens", body: { name: "ci", scopes: ["submit"], namespaces: [cast.namespace] } }),
    expected: { anonymous: 401, otherMaintainer: 403, maintainer: 201, reviewer: 403, admin: 403 },
    because: { otherMaintainer: /do not own/, reviewer: /do not own/, admin: /do not own/ },
  },
  {
    route: "revoke the maintainer's token",
    method: "DELETE",
    path: "/api/v1/tokens/x",
    prepare: async (cast) => {
      const { token } = await issueApiToken(cast.maintainer.id, { name: "ci", scopes: ["submit"], namespaces: [cast.namespace] });
      return { path: `/api/v1/tokens/${token.id}` };
    },
    expected: { anonymous: 401, otherMaintainer: 404, maintainer: 200, reviewer: 404, admin: 200 },
  },
  { route: "read the audit log", method: "GET", path: "/api/v1/audit", prepare: async () => ({ path: "/api/v1/audit?limit=5" }), expected: { anonymous: 401, otherMaintainer: 403, maintainer: 403, reviewer: 403, admin: 200 } },
  { route: "verify the audit chain", method: "GET", path: "/api/v1/audit/verify", prepare: async () => ({ path: "/api/v1/audit/verify" }), expected: { anonymous: 401, otherMaintainer: 403, maintainer: 403, reviewer: 403, admin: 200 } },
  {
    route: "grant a namespace",
    method: "POST",
    path: "/api/v1/namespaces",
    prepare: async (cast) => ({ path: "/api/v1/namespaces", body: { name: `io.github.granted-${++counter}`, ownerId: cast.maintainer.id } }),
    expected: { anonymous: 401, otherMaintainer: 403, maintainer: 403, reviewer: 403, admin: 201 },
  },
  {
    route: "start a namespace claim",
    method: "POST",
    path: "/api/v1/namespaces/claims",
    prepare: async () => ({ path: "/api/v1/namespaces/claims", body: { namespace: `com.sigil-matrix-${++counter}`, method: "http" } }),
    expected: { anonymous: 401, otherMaintainer: 201, maintainer: 201, reviewer: 403, admin: 201 },
  },
  {
    // The maintainer's check fails (nothing is published), so the answer is 422, not a new owner.
    route: "verify the maintainer's namespace claim",
    method: "POST",
    path: "/api/v1/namespaces/claims/x/verify",
    prepare: async (cast) => {
      const claim = await startNamespaceClaim({ namespace: `com.sigil-matrix-${++counter}`, method: "http", userId: cast.maintainer.id });
      return { path: `/api/v1/namespaces/claims/${claim.claimId}/verify` };
    },
    expected: { anonymous: 401, otherMaintainer: 404, maintainer: 422, reviewer: 403, admin: 404 },
  },
  { route: "list import runs", method: "GET", path: "/api/v1/imports", prepare: async () => ({ path: "/api/v1/imports" }), expected: { anonymous: 401, otherMaintainer: 403, maintainer: 403, reviewer: 403, admin: 200 } },
  {
    // The upstream is a closed local port: the admin's run is recorded as failed (502).
    route: "import from an upstream",
    method: "POST",
    path: "/api/v1/imports",
    prepare: async () => ({ path: "/api/v1/imports", body: { upstreamUrl: "http://127.0.0.1:9" } }),
    expected: { anonymous: 401, otherMaintainer: 403, maintainer: 403, reviewer: 403, admin: 502 },
  },
  {
    route: "revoke a published version",
    method: "POST",
    path: "/api/v1/revocations",
    prepare: async (cast) => {
      const version = await publishedVersion(cast);
      return { path: "/api/v1/revocations", body: { name: version.serverName, version: version.version, reason: "checking who may revoke" } };
    },
    expected: { anonymous: 401, otherMaintainer: 403, maintainer: 403, reviewer: 403, admin: 201 },
  },
  { route: "read the publishing freeze", method: "GET", path: "/api/v1/publishing", prepare: async () => ({ path: "/api/v1/publishing" }), expected: { anonymous: 401, otherMaintainer: 403, maintainer: 403, reviewer: 403, admin: 200 } },
  {
    // The opposite of the current state, so that whoever may change it can.
    route: "freeze or unfreeze publishing",
    method: "PUT",
    path: "/api/v1/publishing",
    prepare: async () => ({ path: "/api/v1/publishing", body: { frozen: !(await publishingFreeze()), reason: "checking who may freeze" } }),
    expected: { anonymous: 401, otherMaintainer: 403, maintainer: 403, reviewer: 403, admin: 200 },
  },
  {
    // A key of the registry's past (not the one this test signs with), marked compromised from its start.
    route: "mark a signing key compromised",
    method: "POST",
    path: "/api/v1/signing-keys/compromised",
    prepare: async () => {
      const key = await db().signingKey.create({ data: { keyId: `SHA256:old-${++counter}`, algorithm: "ecdsa-p256-sha256", publicKeyPem: "-", validFrom: new Date("2026-01-01T00:00:00Z"), validTo: new Date("2026-02-01T00:00:00Z") } });
      return { path: "/api/v1/signing-keys/compromised", body: { keyId: key.keyId, from: "2026-01-01T00:00:00Z", reason: "checking who may" } };
    },
    expected: { anonymous: 401, otherMaintainer: 403, maintainer: 403, reviewer: 403, admin: 200 },
  },
  {
    route: "publish (the /v0 alias)",
    method: "POST",
    path: "/v0/publish",
    prepare: async (cast) => ({ path: "/v0/publish", body: serverJson(`${cast.namespace}/matrix`, `4.0.${++counter}`) }),
    expected: { anonymous: 401, otherMaintainer: 403, maintainer: 200, reviewer: 403, admin: 403 },
  },
  {
    route: "publish (official API)",
    method: "POST",
    path: "/v0.1/publish",
    prepare: async (cast) => ({ path: "/v0.1/publish", body: serverJson(`${cast.namespace}/matrix`, `3.0.${++counter}`) }),
    expected: { anonymous: 401, otherMaintainer: 403, maintainer: 200, reviewer: 403, admin: 403 },
  },
];

// Routes that serve everyone the same public data, or are next-auth's own.
const PUBLIC_ROUTES = [
  "app/.well-known/sigil/keys.json/route.ts",
  "app/.well-known/sigil/trusted_root.json/route.ts",
  "app/.well-known/sigil/identities.json/route.ts",
  "app/.well-known/sigil/revocations.json/route.ts",
  "app/api/v1/servers/[...path]/route.ts",
  "app/api/v1/verify/route.ts",
  "app/v0.1/[[...path]]/route.ts",
  "app/v0/[[...path]]/route.ts",
  "app/openapi.yaml/route.ts",
  "app/api/v1/health/route.ts",
  "app/api/[[...rest]]/route.ts",
  "app/api/auth/[...nextauth]/route.ts",
];

function routeFiles(dir = "app"): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? routeFiles(full) : entry.name === "route.ts" ? [full] : [];
  });
}

describe("the matrix", () => {
  it("has a row for every method of every route that is not public", async () => {
    const covered = new Set<string>();
    for (const row of MATRIX) covered.add(`${row.method} ${routeFileOf(row.path)}`);
    const missing: string[] = [];
    for (const file of routeFiles().filter((f) => !PUBLIC_ROUTES.includes(f))) {
      const source = fs.readFileSync(file, "utf8");
      // Methods a route answers itself, not the 405s of methodsNotAllowed (an alias that
      // re-exports another route file is covered by that file's rows, and has its own below).
      const answered = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => new RegExp(`export (const|async function) ${m}\\b`).test(source));
      for (const method of answered) if (!covered.has(`${method} ${file}`)) missing.push(`${method} ${file}`);
    }
    expect(missing).toEqual([]);
  });
});

describe.each(backends.slice(0, 1))("authorisation on $name PostgreSQL", (backend) => {
  useFreshDatabase(backend);
  let cast: Cast;
  const headersOf = async (who: Who) => (who === "anonymous" ? {} : sessionHeaders(cast[who].id));

  beforeAll(async () => {
    cast = await createCast("io.github.matrix");
  });

  describe.each(MATRIX)("$method $route", (row) => {
    it.each(WHO)("as %s", async (who) => {
      const { path, body } = await row.prepare(cast);
      const result = await callApi(path, row.method, { headers: await headersOf(who), body });
      expect({ who, status: result.status, body: result.status >= 400 ? result.body : undefined }).toMatchObject({ who, status: row.expected[who] });
      if (result.status >= 400) expect(result.contentType).toContain("json");
      const because = row.because?.[who];
      if (because) expect((result.body as { detail: string }).detail).toMatch(because);
    });
  });

  // Signed in, but not from the registry's own pages: every change is refused, whoever the user is.
  it.each(MATRIX.filter((row) => row.method !== "GET"))("refuses a cross-site $method $route", async (row) => {
    const { path: target, body } = await row.prepare(cast);
    const before = await db().auditEvent.count();
    const { cookie } = await sessionHeaders(cast.admin.id);
    const result = await callApi(target, row.method, { headers: { cookie, origin: "https://evil.example" }, body });
    expect(result).toMatchObject({ status: 403, body: { detail: expect.stringContaining("Cross-site request refused") } });
    expect(await db().auditEvent.count()).toBe(before);
  });

  it("answers a request that failed authorisation without writing anything", async () => {
    const before = await Promise.all([db().serverVersion.count(), db().auditEvent.count()]);
    await callApi("/api/v1/submissions", "POST", { headers: await sessionHeaders(cast.otherMaintainer.id), body: serverJson(`${cast.namespace}/matrix`, "9.9.9") });
    expect(await Promise.all([db().serverVersion.count(), db().auditEvent.count()])).toEqual(before);
  });
});

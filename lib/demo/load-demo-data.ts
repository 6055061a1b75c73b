import crypto from "node:crypto";
import { systemActor } from "@/lib/actor";
import { db } from "@/lib/db/client";
import { NamespaceProof, ReviewDecision, Role, VersionState } from "@/lib/db/generated/client";
import { DEMO_VERSIONS } from "@/lib/demo/demo-servers";
import { log } from "@/lib/log";
import { grantNamespace } from "@/lib/namespaces/grant-namespace";
import { scanQueuedVersionNow } from "@/lib/scans/complete-queued-scan";
import { createUser } from "@/lib/users/create-user";
import { reviewVersion } from "@/lib/versions/review-version";
import { revokeVersion } from "@/lib/versions/revoke-version";
import { namespaceOf, submitVersion } from "@/lib/versions/submit-version";

export const DEMO_MAINTAINER_EMAIL = "maintainer@demo.sigil.dev";

/**
 * Loads the demo registry through the real pipeline: each version is submitted, scanned by the
 * scanner (its package fetched from the demo's npm registry, which SIGIL_NPM_REGISTRY must name),
 * approved by the demo reviewer and so published, signed; one is then revoked, and one is left
 * waiting for review. Everything is audited like any other data. Does nothing if the demo data
 * is already there.
 */
export async function loadDemoData(): Promise<string> {
  if (await db().user.findUnique({ where: { email: DEMO_MAINTAINER_EMAIL } })) return "demo data already loaded";
  const loader = systemActor("demo-loader");
  // One random password for the demo's accounts, printed once: a demo must not ship a known one.
  const password = crypto.randomBytes(12).toString("base64url");
  const maintainer = await createUser({ email: DEMO_MAINTAINER_EMAIL, name: "Demo Maintainer", githubLogin: "sigil-demo", roles: [Role.MAINTAINER], password }, loader);
  const reviewer = await createUser({ email: "reviewer@demo.sigil.dev", name: "Demo Reviewer", roles: [Role.REVIEWER], password }, loader);
  const admin = await createUser({ email: "admin@demo.sigil.dev", name: "Demo Admin", roles: [Role.ADMIN, Role.REVIEWER], password }, loader);

  const namespaces = new Set(DEMO_VERSIONS.map((v) => namespaceOf(String(v.serverJson.name))));
  for (const name of namespaces) {
    const github = name === "io.github.sigil-demo";
    await grantNamespace(
      {
        name,
        ownerId: maintainer.id,
        proof: github ? NamespaceProof.GITHUB_LOGIN : NamespaceProof.ADMIN_GRANT,
        proofDetail: github ? { githubLogin: "sigil-demo" } : { grantedBy: admin.id, note: "demo data" },
      },
      loader,
    );
  }

  let published = 0;
  for (const demo of DEMO_VERSIONS) {
    const label = `${String(demo.serverJson.name)}@${String(demo.serverJson.version)}`;
    const version = await submitVersion(demo.serverJson, maintainer.id);
    const report = await scanQueuedVersionNow(version.id, "demo-loader");
    log.info({ version: label, verdict: report.verdict }, `demo: scanned ${label}: ${report.verdict.toLowerCase()}`);
    if (demo.outcome === "awaiting-review") continue;
    await reviewVersion({ versionId: version.id, reviewerId: reviewer.id, decision: ReviewDecision.APPROVE, reason: "Reviewed the scan report: the code does what the manifest declares." });
    const { state } = await db().serverVersion.findUniqueOrThrow({ where: { id: version.id } });
    if (state !== VersionState.PUBLISHED) throw new Error(`The demo version ${label} was approved but not published (it is ${state}); see the log above.`);
    published++;
    if (demo.outcome === "revoked") {
      await revokeVersion({ versionId: version.id, adminId: admin.id, reason: "Demo: superseded after a credential-handling bug was reported." });
    }
  }
  return `demo data loaded: ${namespaces.size} namespaces, ${published} versions published and signed, one of them revoked, ${DEMO_VERSIONS.length - published} awaiting review. Sign in as ${DEMO_MAINTAINER_EMAIL}, reviewer@demo.sigil.dev or admin@demo.sigil.dev with the password ${password} (shown this once).`;
}

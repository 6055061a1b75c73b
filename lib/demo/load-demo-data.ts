import crypto from "node:crypto";
import { systemActor } from "@/lib/actor";
import { db } from "@/lib/db/client";
import { NamespaceProof, Role } from "@/lib/db/generated/client";
import { DEMO_VERSIONS } from "@/lib/demo/demo-servers";
import { publishThroughReview } from "@/lib/demo/publish-through-review";
import { grantNamespace } from "@/lib/namespaces/grant-namespace";
import { createUser } from "@/lib/users/create-user";
import { revokeVersion } from "@/lib/versions/revoke-version";
import { namespaceOf, submitVersion } from "@/lib/versions/submit-version";

export const DEMO_MAINTAINER_EMAIL = "maintainer@demo.sigil.dev";

/**
 * Loads the demo registry through the domain functions real submissions use, so it is audited
 * like any other data. Does nothing if the demo data is already there.
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
    const version = await submitVersion(demo.serverJson, maintainer.id);
    if (demo.outcome === "submitted") continue;
    await publishThroughReview(version.id, reviewer.id, demo);
    published++;
    if (demo.outcome === "revoked") {
      await revokeVersion({ versionId: version.id, adminId: admin.id, reason: "Demo: superseded after a credential-handling bug was reported." });
    }
  }
  return `demo data loaded: ${namespaces.size} namespaces, ${published} versions published (${DEMO_VERSIONS.length - published} awaiting review). Sign in as ${DEMO_MAINTAINER_EMAIL}, reviewer@demo.sigil.dev or admin@demo.sigil.dev with the password ${password} (shown this once).`;
}

import crypto from "node:crypto";
import { systemActor } from "@/lib/actor";
import { NamespaceProof, Role } from "@/lib/db/generated/client";
import { publishThroughReview } from "./publish-through-review";
import { grantNamespace } from "@/lib/namespaces/grant-namespace";
import { createUser } from "@/lib/users/create-user";
import { submitVersion } from "@/lib/versions/submit-version";

export interface Team {
  namespace: string;
  maintainerId: string;
  reviewerId: string;
  adminId: string;
}

/** A maintainer owning `namespace`, a reviewer and an admin, created through the domain functions. */
export async function createTeam(namespace = `io.github.t${crypto.randomBytes(3).toString("hex")}`): Promise<Team> {
  const actor = systemActor("test");
  const tag = crypto.randomBytes(4).toString("hex");
  const maintainer = await createUser({ email: `m-${tag}@example.test`, roles: [Role.MAINTAINER] }, actor);
  const reviewer = await createUser({ email: `r-${tag}@example.test`, roles: [Role.REVIEWER] }, actor);
  const admin = await createUser({ email: `a-${tag}@example.test`, roles: [Role.ADMIN] }, actor);
  await grantNamespace({ name: namespace, ownerId: maintainer.id, proof: NamespaceProof.ADMIN_GRANT }, actor);
  return { namespace, maintainerId: maintainer.id, reviewerId: reviewer.id, adminId: admin.id };
}

/** A valid server.json for an npm package. */
export function serverJson(name: string, version: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const packageVersion = version.split("+")[0];
  return {
    $schema: "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
    name,
    description: `Test server ${name}`,
    version,
    packages: [{ registryType: "npm", identifier: `@test/${name.split("/")[1]}`, version: packageVersion, transport: { type: "stdio" } }],
    ...extra,
  };
}

/** Submits and publishes one version through review; returns the ServerVersion row. */
export async function publish(team: Team, name: string, version: string, extra: Record<string, unknown> = {}) {
  const submitted = await submitVersion(serverJson(`${team.namespace}/${name}`, version, extra), team.maintainerId);
  return publishThroughReview(submitted.id, team.reviewerId);
}

import crypto from "node:crypto";
import { encode } from "next-auth/jwt";
import { systemActor } from "@/lib/actor";
import { NamespaceProof, Role } from "@/lib/db/generated/client";
import { grantNamespace } from "@/lib/namespaces/grant-namespace";
import { createUser } from "@/lib/users/create-user";
import { TEST_ORIGIN } from "./call-api";

// The route handlers read the session secret from the environment, as in the web process.
process.env.NEXTAUTH_SECRET ??= crypto.randomBytes(32).toString("base64url");

/** Headers of a browser request from the registry's own pages, signed in as `userId`. */
export async function sessionHeaders(userId: string): Promise<{ cookie: string; origin: string }> {
  const jwt = await encode({ token: { sub: userId, signedInAt: Math.floor(Date.now() / 1000) }, secret: process.env.NEXTAUTH_SECRET! });
  return { cookie: `next-auth.session-token=${jwt}`, origin: TEST_ORIGIN };
}

export const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

/** A maintainer of `namespace`, a maintainer of another namespace, a reviewer and an admin. */
export async function createCast(namespace: string) {
  const actor = systemActor("test");
  const tag = crypto.randomBytes(4).toString("hex");
  const maintainer = await createUser({ email: `m-${tag}@example.test`, roles: [Role.MAINTAINER] }, actor);
  const otherMaintainer = await createUser({ email: `o-${tag}@example.test`, roles: [Role.MAINTAINER] }, actor);
  const reviewer = await createUser({ email: `r-${tag}@example.test`, roles: [Role.REVIEWER] }, actor);
  const secondReviewer = await createUser({ email: `s-${tag}@example.test`, roles: [Role.REVIEWER] }, actor);
  const admin = await createUser({ email: `a-${tag}@example.test`, roles: [Role.ADMIN] }, actor);
  await grantNamespace({ name: namespace, ownerId: maintainer.id, proof: NamespaceProof.ADMIN_GRANT }, actor);
  await grantNamespace({ name: `${namespace}-other`, ownerId: otherMaintainer.id, proof: NamespaceProof.ADMIN_GRANT }, actor);
  return { namespace, maintainer, otherMaintainer, reviewer, secondReviewer, admin };
}

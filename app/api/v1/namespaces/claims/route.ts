import { principalOf } from "@/lib/auth/principal";
import { requireRole, requireSession } from "@/lib/auth/authorize";
import { Role } from "@/lib/db/generated/client";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { readJsonBody } from "@/lib/http/read-json-body";
import { startNamespaceClaim } from "@/lib/namespaces/namespace-claims";

export const dynamic = "force-dynamic";

/** A maintainer starts proving a namespace: `{namespace, method: "dns" | "http"}`; the answer says what to publish where. */
export const POST = withProblems(async (request: Request) => {
  const principal = requireSession(requireRole(await principalOf(request), Role.MAINTAINER));
  const body = (await readJsonBody(request)) as Record<string, unknown>;
  return json(await startNamespaceClaim({ ...body, userId: principal.user.id } as Parameters<typeof startNamespaceClaim>[0]), { status: 201 });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

import { principalOf } from "@/lib/auth/principal";
import { requireRole, requireSession } from "@/lib/auth/authorize";
import { Role } from "@/lib/db/generated/client";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { verifyNamespaceClaim } from "@/lib/namespaces/namespace-claims";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Checks the claim's DNS record or well-known file and, when it is there, makes the caller an owner. */
export const POST = withProblems(async (request: Request, { params }: Context) => {
  const principal = requireSession(requireRole(await principalOf(request), Role.MAINTAINER));
  const { namespace } = await verifyNamespaceClaim({ claimId: (await params).id, userId: principal.user.id });
  return json({ namespace: namespace.name, proof: namespace.proof });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

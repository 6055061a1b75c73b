import { principalOf } from "@/lib/auth/principal";
import { requireSession } from "@/lib/auth/authorize";
import { toApiTokenResponse } from "@/lib/auth/api-token-response";
import { revokeApiToken } from "@/lib/auth/revoke-api-token";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Revokes a token: its owner or an admin. */
export const DELETE = withProblems(async (request: Request, { params }: Context) => {
  const principal = requireSession(await principalOf(request));
  return json(toApiTokenResponse(await revokeApiToken((await params).id, principal.user.id)));
});

export const { GET, POST, PUT, PATCH } = methodsNotAllowed("DELETE");

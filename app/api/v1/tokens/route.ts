import { principalOf } from "@/lib/auth/principal";
import { requireSession } from "@/lib/auth/authorize";
import { issueApiToken } from "@/lib/auth/issue-api-token";
import { toApiTokenResponse } from "@/lib/auth/api-token-response";
import { db } from "@/lib/db/client";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { readJsonBody } from "@/lib/http/read-json-body";

export const dynamic = "force-dynamic";

/** The caller's API tokens (never their secrets). */
export const GET = withProblems(async (request: Request) => {
  const principal = requireSession(await principalOf(request));
  const tokens = await db().apiToken.findMany({ where: { userId: principal.user.id }, orderBy: { createdAt: "desc" } });
  return json({ tokens: tokens.map(toApiTokenResponse) });
});

/** Issues a token: `{name, scopes, namespaces, expiresInDays}`. The secret is in this answer only. */
export const POST = withProblems(async (request: Request) => {
  const principal = requireSession(await principalOf(request));
  const { secret, token } = await issueApiToken(principal.user.id, await readJsonBody(request));
  return json({ ...toApiTokenResponse(token), token: secret }, { status: 201 });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET, POST");

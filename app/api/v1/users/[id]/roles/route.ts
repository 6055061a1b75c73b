import { principalOf } from "@/lib/auth/principal";
import { requireAdmin } from "@/lib/auth/authorize";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { readJsonBody } from "@/lib/http/read-json-body";
import { setUserRoles } from "@/lib/users/set-user-roles";
import { toUserResponse } from "@/lib/users/user-response";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** An admin sets a user's roles: `{"roles": ["MAINTAINER", "REVIEWER"]}`. */
export const PUT = withProblems(async (request: Request, { params }: Context) => {
  const admin = requireAdmin(await principalOf(request));
  return json(toUserResponse(await setUserRoles((await params).id, await readJsonBody(request), admin.user.id)));
});

export const { GET, POST, PATCH, DELETE } = methodsNotAllowed("PUT");

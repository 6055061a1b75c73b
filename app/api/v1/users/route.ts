import { userActor } from "@/lib/actor";
import { principalOf } from "@/lib/auth/principal";
import { requireAdmin } from "@/lib/auth/authorize";
import { db } from "@/lib/db/client";
import { validationFailed } from "@/lib/errors";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { readJsonBody } from "@/lib/http/read-json-body";
import { createUser, type NewUser } from "@/lib/users/create-user";
import { toUserResponse } from "@/lib/users/user-response";

export const dynamic = "force-dynamic";

/** Every user (admins). */
export const GET = withProblems(async (request: Request) => {
  requireAdmin(await principalOf(request));
  const users = await db().user.findMany({ orderBy: { createdAt: "asc" } });
  return json({ users: users.map(toUserResponse) });
});

/** An admin creates a user with an email and a first password (self-hosted installs without GitHub). */
export const POST = withProblems(async (request: Request) => {
  const admin = requireAdmin(await principalOf(request));
  const body = (await readJsonBody(request)) as NewUser;
  // A user must be able to sign in: with a GitHub account, or with an email and a password.
  if (!body.githubLogin && !(body.email && body.password)) {
    throw validationFailed("Give the user a GitHub login, or an email and a first password.", [{ location: "email", message: "needs a password, or give a githubLogin" }]);
  }
  const user = await createUser(body, userActor(admin.user.id));
  return json(toUserResponse(user), { status: 201 });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET, POST");

import { db } from "@/lib/db/client";
import { toUserResponse } from "@/lib/users/user-response";

/**
 * The user an admin names in a form: by email (anything with an "@", compared in lowercase as
 * accounts store it) or else by id. Null when there is none. Never the password hash.
 */
export async function findUserByEmailOrId(emailOrId: string) {
  const value = emailOrId.trim();
  if (!value) return null;
  const user = value.includes("@")
    ? await db().user.findUnique({ where: { email: value.toLowerCase() } })
    : await db().user.findUnique({ where: { id: value } });
  return user ? toUserResponse(user) : null;
}

import { db } from "@/lib/db/client";
import { toUserResponse } from "@/lib/users/user-response";

/** Every user, oldest account first, as the API shows them (never a password hash). The caller checks that an admin asks. */
export async function listUsers() {
  const users = await db().user.findMany({ orderBy: { createdAt: "asc" } });
  return users.map(toUserResponse);
}

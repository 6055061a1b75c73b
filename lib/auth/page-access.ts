import { forbidden as nextForbidden, redirect } from "next/navigation";
import { currentPageUser } from "@/lib/auth/page-user";
import { Role, type User } from "@/lib/db/generated/client";

/**
 * The signed-in user a page needs: anonymous visitors go to the sign-in page (and come back
 * afterwards), signed-in users without one of `roles` get the 403 page. Admins pass every role check.
 */
export async function requirePageUser(path: string, roles: Role[] = []): Promise<User> {
  const user = await currentPageUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  if (roles.length && !roles.some((role) => user.roles.includes(role)) && !user.roles.includes(Role.ADMIN)) nextForbidden();
  return user;
}

import { cookies } from "next/headers";
import { userOfSession } from "@/lib/auth/principal";
import { sessionCookieName } from "@/lib/auth/session-cookie";

/** The signed-in user of a page request (server components and server actions), or null. */
export async function currentPageUser() {
  return userOfSession((await cookies()).get(sessionCookieName())?.value);
}

import { checkPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";

/** The enabled user with this email and password, or null; the same answer and time whichever part is wrong. */
export async function signInWithPassword(email: unknown, password: unknown) {
  if (typeof email !== "string" || typeof password !== "string" || !email || !password) return null;
  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  const matches = await checkPassword(password, user?.passwordHash);
  return matches && user && !user.disabledAt ? user : null;
}

import { db } from "@/lib/db/client";

/** Users by id, for showing who an id is (name, email, GitHub login): never their password hash. Unknown ids are left out. */
export async function findUsersByIds(ids: readonly string[]) {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map<string, { id: string; name: string | null; email: string | null; githubLogin: string | null }>();
  const users = await db().user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true, email: true, githubLogin: true } });
  return new Map(users.map((user) => [user.id, user]));
}

import type { User } from "@/lib/db/generated/client";

/** A user as the API shows it: never the password hash. */
export const toUserResponse = (user: User) => ({
  id: user.id,
  name: user.name,
  email: user.email,
  githubLogin: user.githubLogin,
  roles: user.roles,
  createdAt: user.createdAt.toISOString(),
  disabled: Boolean(user.disabledAt),
});

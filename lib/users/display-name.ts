/** How a user is named to others: their name or GitHub login, never their email address. */
export const displayName = (user: { name: string | null; githubLogin?: string | null }) => user.name ?? user.githubLogin ?? "an unnamed user";

/** The roles, in the order forms offer them, with what each may do. */
export const ROLE_OPTIONS = [
  { value: "MAINTAINER", label: "Maintainer (submits servers)" },
  { value: "REVIEWER", label: "Reviewer (approves or rejects)" },
  { value: "ADMIN", label: "Admin (users, namespaces, imports, audit)" },
] as const;

export const ROLE_NAMES: Record<string, string> = { MAINTAINER: "Maintainer", REVIEWER: "Reviewer", ADMIN: "Admin" };

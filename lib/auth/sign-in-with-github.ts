import { systemActor, userActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import { db } from "@/lib/db/client";
import { Role } from "@/lib/db/generated/client";
import { ensureGithubNamespace } from "@/lib/namespaces/github-namespace";
import { ensureGithubOrgNamespaces } from "@/lib/namespaces/github-org-namespaces";
import { createUser } from "@/lib/users/create-user";

export interface GithubProfile {
  /** GitHub's numeric account id: it never changes, unlike the login. */
  id: number | string;
  login: string;
  name?: string | null;
  /** Organisations the account administers, by login and GitHub's numeric id, when GitHub told (the read:org scope). */
  adminOf?: { login: string; id: number }[];
}

/**
 * The user of a GitHub account, found by its numeric id (a login can be renamed and then
 * registered by someone else): created as a maintainer at first sign-in, bound to a user an
 * admin created with that login, its login updated after a rename. Null (no sign-in) for a
 * disabled user, or when the login belongs to a user bound to another GitHub account. The
 * user owns `io.github.<login>`, and `io.github.<org>` for the organisations they administer.
 */
export async function userOfGithubAccount(profile: GithubProfile) {
  const githubId = String(profile.id);
  const user = await auditedTransaction(async (tx) => {
    const byId = await tx.user.findUnique({ where: { githubId } });
    const byLogin = await tx.user.findFirst({ where: { githubLogin: { equals: profile.login, mode: "insensitive" } } });
    if (byId) {
      if (byId.githubLogin === profile.login) return byId;
      // The account was renamed; a stale holder of the new login loses it (it is this account's now).
      if (byLogin && byLogin.id !== byId.id) await tx.user.update({ where: { id: byLogin.id }, data: { githubLogin: null } });
      const renamed = await tx.user.update({ where: { id: byId.id }, data: { githubLogin: profile.login } });
      await appendAuditEvent(tx, { actor: userActor(byId.id), action: "user.github_login_changed", subjectType: "user", subjectId: byId.id, data: { from: byId.githubLogin, to: profile.login, githubId } });
      return renamed;
    }
    if (byLogin?.githubId) {
      // Someone else's login now: the account it was bound to was renamed or deleted.
      await appendAuditEvent(tx, { actor: systemActor("github-sign-in"), action: "user.github_sign_in_refused", subjectType: "user", subjectId: byLogin.id, data: { login: profile.login, githubId, boundTo: byLogin.githubId } });
      return null;
    }
    if (byLogin) {
      const bound = await tx.user.update({ where: { id: byLogin.id }, data: { githubId, githubLogin: profile.login } });
      await appendAuditEvent(tx, { actor: userActor(byLogin.id), action: "user.github_account_bound", subjectType: "user", subjectId: byLogin.id, data: { login: profile.login, githubId } });
      return bound;
    }
    return undefined;
  });
  if (user === null || user?.disabledAt) return null;
  const signedIn = user ?? (await createUser({ githubLogin: profile.login, githubId, name: profile.name ?? profile.login, roles: [Role.MAINTAINER] }, systemActor("github-sign-in")));
  await ensureGithubNamespace(signedIn.id);
  await ensureGithubOrgNamespaces(signedIn.id, profile.adminOf ?? []);
  return signedIn;
}

import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-access";
import { ChangePasswordForm } from "./change-password-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await requirePageUser("/account");
  return (
    <section className="narrow" aria-labelledby="account-title">
      <h1 id="account-title">Your account</h1>
      <dl className="facts">
        <div>
          <dt>Name</dt>
          <dd>{user.name ?? "—"}</dd>
        </div>
        {user.email && (
          <div>
            <dt>Email</dt>
            <dd>{user.email}</dd>
          </div>
        )}
        {user.githubLogin && (
          <div>
            <dt>GitHub</dt>
            <dd>{user.githubLogin}</dd>
          </div>
        )}
        <div>
          <dt>Roles</dt>
          <dd>{user.roles.map((role) => role.toLowerCase()).join(", ") || "none"}</dd>
        </div>
      </dl>
      {user.passwordHash ? <ChangePasswordForm /> : <p className="hint">You sign in with GitHub: there is no password to change.</p>}
    </section>
  );
}

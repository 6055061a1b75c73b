import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentPageUser } from "@/lib/auth/page-user";
import { readConfig } from "@/lib/config";
import { localPathOf } from "@/lib/web/local-path";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

// next-auth's error codes, in words a person can act on.
const ERRORS: Record<string, string> = {
  CredentialsSignin: "That email and password do not match an account.",
  AccessDenied: "This account cannot sign in: it is disabled, or its GitHub login belongs to another account here. Ask an admin.",
  OAuthSignin: "GitHub sign-in could not start. Try again.",
  OAuthCallback: "GitHub sign-in did not complete. Try again.",
  SessionRequired: "Sign in to see that page.",
};

type Search = Promise<{ error?: string; callbackUrl?: string; setup?: string; changed?: string }>;

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const { error, callbackUrl, setup, changed } = await searchParams;
  // Only paths on this registry: a sign-in link must not send anyone elsewhere afterwards.
  const next = localPathOf(callbackUrl);
  if (await currentPageUser()) redirect(next);
  const config = readConfig();
  const github = Boolean(config.SIGIL_GITHUB_CLIENT_ID && config.SIGIL_GITHUB_CLIENT_SECRET);
  return (
    <section className="narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <p className="lede">Maintainers submit servers; reviewers approve them. Reading the registry needs no account.</p>
      {setup === "done" && (
        <p className="notice" role="status">
          Your admin account is ready. Sign in with it.
        </p>
      )}
      {changed === "password" && (
        <p className="notice" role="status">
          Your password is changed and every session of yours has ended. Sign in with the new password.
        </p>
      )}
      {error && (
        <p className="error-box" role="alert">
          {ERRORS[error] ?? "Sign-in failed. Try again."}
        </p>
      )}
      <SignInForm callbackUrl={next} github={github} />
    </section>
  );
}

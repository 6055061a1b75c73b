"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

export function SignInForm({ callbackUrl, github }: { callbackUrl: string; github: boolean }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(form: FormData) {
    setPending(true);
    setError(null);
    const result = await signIn("password", { email: form.get("email"), password: form.get("password"), redirect: false, callbackUrl });
    if (result?.ok && !result.error) {
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    setError("That email and password do not match an account.");
  }

  return (
    <div className="panel">
      <form action={submit} className="form" aria-describedby={error ? "sign-in-error" : undefined}>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="username" required />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        {error && (
          <p id="sign-in-error" className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {github && (
        <>
          <p className="divider">or</p>
          <button type="button" className="secondary" onClick={() => signIn("github", { callbackUrl })}>
            Sign in with GitHub
          </button>
        </>
      )}
    </div>
  );
}

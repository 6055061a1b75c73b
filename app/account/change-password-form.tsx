"use client";

import { useActionState } from "react";
import { TextField } from "@/app/components/form-field";
import type { FormState } from "@/lib/web/form-state";
import { changeOwnPassword } from "./actions";

const FIELDS = [
  { name: "current", label: "Current password", autoComplete: "current-password" },
  { name: "next", label: "New password (12 to 72 bytes)", autoComplete: "new-password" },
] as const;

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(changeOwnPassword, {});
  return (
    <form action={action} className="panel form" aria-labelledby="password-title">
      <h2 id="password-title">Change your password</h2>
      <p className="hint">Every session of yours ends, here and elsewhere: you sign in again with the new password.</p>
      {FIELDS.map((field) => (
        <TextField key={field.name} id={field.name} name={field.name} label={field.label} type="password" autoComplete={field.autoComplete} required error={state.fields?.[field.name]} />
      ))}
      {state.message && !Object.keys(state.fields ?? {}).length && (
        <p className="error-box" role="alert">
          {state.message}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}

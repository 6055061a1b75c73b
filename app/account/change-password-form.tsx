"use client";

import { useActionState } from "react";
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
      {FIELDS.map((field) => {
        const error = state.fields?.[field.name];
        return (
          <div className="field" key={field.name}>
            <label htmlFor={field.name}>{field.label}</label>
            <input id={field.name} name={field.name} type="password" autoComplete={field.autoComplete} required aria-invalid={Boolean(error)} aria-describedby={error ? `${field.name}-error` : undefined} />
            {error && (
              <p id={`${field.name}-error`} className="field-error">
                {error}
              </p>
            )}
          </div>
        );
      })}
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

"use client";

import { useActionState } from "react";
import { TextField } from "@/app/components/form-field";
import type { FormState } from "@/lib/web/form-state";
import { createFirstAdmin } from "./actions";

const FIELDS = [
  { name: "name", label: "Your name", type: "text", autoComplete: "name" },
  { name: "email", label: "Email", type: "email", autoComplete: "username" },
  { name: "password", label: "Password (12 characters or more)", type: "password", autoComplete: "new-password" },
] as const;

export function SetupForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(createFirstAdmin, {});
  return (
    <form action={action} className="panel form">
      <input type="hidden" name="token" value={token} />
      {state.message && (
        <p className="error-box" role="alert">
          {state.message}
        </p>
      )}
      {FIELDS.map((field) => (
        <TextField key={field.name} id={field.name} name={field.name} label={field.label} type={field.type} autoComplete={field.autoComplete} required error={state.fields?.[field.name]} />
      ))}
      <button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create admin account"}
      </button>
    </form>
  );
}

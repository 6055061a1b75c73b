"use client";

import { useActionState } from "react";
import { createUserAction } from "./actions";
import { ChoiceGroup, FormResult, type ResultState, TextField, valueOf, valuesOf } from "@/app/components/form-field";
import { ROLE_OPTIONS } from "./roles";

export function CreateUserForm() {
  const [state, action, pending] = useActionState<ResultState, FormData>(createUserAction, {});
  const fields = state.fields ?? {};
  return (
    <form action={action} className="panel form" aria-labelledby="create-user-title">
      <FormResult state={state} />
      <div className="form-grid">
        <TextField id="new-user-email" name="email" label="Email" type="email" required autoComplete="off" spellCheck={false} error={fields.email} defaultValue={valueOf(state, "email")} />
        <TextField id="new-user-name" name="name" label="Name" autoComplete="off" error={fields.name} defaultValue={valueOf(state, "name")} hint="Optional." />
        <TextField
          id="new-user-password"
          name="password"
          label="First password"
          type="password"
          required
          minLength={12}
          autoComplete="new-password"
          error={fields.password}
          hint="12 characters or more. Give it to the user through a channel you trust."
        />
      </div>
      <ChoiceGroup id="new-user-roles" name="roles" legend="Roles" options={ROLE_OPTIONS} defaultChecked={valuesOf(state, "roles") ?? ["MAINTAINER"]} error={fields.roles} />
      <div>
        <button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create user"}
        </button>
      </div>
    </form>
  );
}

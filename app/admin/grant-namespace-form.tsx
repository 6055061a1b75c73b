"use client";

import { useActionState } from "react";
import { grantNamespaceAction } from "./actions";
import { FormResult, type ResultState, TextField, valueOf } from "@/app/components/form-field";

export function GrantNamespaceForm() {
  const [state, action, pending] = useActionState<ResultState, FormData>(grantNamespaceAction, {});
  const fields = state.fields ?? {};
  return (
    <form action={action} className="panel form" aria-labelledby="grant-title">
      <FormResult state={state} />
      <div className="form-grid">
        <TextField
          id="grant-name"
          name="name"
          label="Namespace"
          required
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          placeholder="com.example"
          error={fields.name}
          defaultValue={valueOf(state, "name")}
          hint="Reverse DNS, such as com.example or io.github.alice."
        />
        <TextField id="grant-owner" name="owner" label="User's email or id" required autoComplete="off" spellCheck={false} error={fields.owner} defaultValue={valueOf(state, "owner")} />
        <TextField id="grant-note" name="note" label="Note" autoComplete="off" maxLength={500} error={fields.note} defaultValue={valueOf(state, "note")} hint="Optional: why, kept with the proof (e.g. the ticket)." />
      </div>
      <div>
        <button type="submit" disabled={pending}>
          {pending ? "Granting…" : "Grant namespace"}
        </button>
      </div>
    </form>
  );
}

"use client";

import { useActionState } from "react";
import { compromiseKeyAction } from "./actions";
import { FormResult, type ResultState, SelectField, TextField, valueOf } from "@/app/components/form-field";

/** Marks a signing key compromised from a time. */
export function CompromiseKeyForm({ keyIds }: { keyIds: string[] }) {
  const [state, action, pending] = useActionState<ResultState, FormData>(compromiseKeyAction, {});
  const fields = state.fields ?? {};
  return (
    <form action={action} className="panel form" aria-labelledby="compromise-title">
      <FormResult state={state} />
      <div className="form-grid">
        <SelectField id="compromise-key" name="keyId" label="Key" options={keyIds.map((keyId) => ({ value: keyId, label: keyId }))} defaultValue={valueOf(state, "keyId") ?? keyIds.at(-1)} error={fields.keyId} />
        <TextField id="compromise-from" name="from" label="Not trusted from (UTC)" required autoComplete="off" spellCheck={false} placeholder="2026-12-01T00:00:00Z" error={fields.from} defaultValue={valueOf(state, "from")} hint="The earliest time the key may have been in other hands." />
        <TextField id="compromise-reason" name="reason" label="Reason" required autoComplete="off" minLength={3} error={fields.reason} defaultValue={valueOf(state, "reason")} />
      </div>
      <div>
        <button type="submit" className="danger" disabled={pending}>
          {pending ? "Marking…" : "Mark compromised"}
        </button>
      </div>
    </form>
  );
}

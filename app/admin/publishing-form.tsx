"use client";

import { useActionState } from "react";
import { publishingFreezeAction } from "./actions";
import { FormResult, type ResultState, TextField, valueOf } from "@/app/components/form-field";

/** Freezes publishing, or lifts the freeze: the emergency switch. */
export function PublishingForm({ frozen }: { frozen: boolean }) {
  const [state, action, pending] = useActionState<ResultState, FormData>(publishingFreezeAction, {});
  const fields = state.fields ?? {};
  return (
    <form action={action} className="panel form" aria-labelledby="publishing-title">
      <FormResult state={state} />
      <input type="hidden" name="frozen" value={frozen ? "false" : "true"} />
      <TextField id="publishing-reason" name="reason" label="Reason" required autoComplete="off" minLength={3} error={fields.reason} defaultValue={valueOf(state, "reason")} hint="Recorded in the audit log." />
      <div>
        <button type="submit" className={frozen ? undefined : "danger"} disabled={pending}>
          {frozen ? (pending ? "Resuming…" : "Lift the freeze and publish what waited") : pending ? "Freezing…" : "Freeze all publishing"}
        </button>
      </div>
    </form>
  );
}

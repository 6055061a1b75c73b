"use client";

import { useActionState } from "react";
import { FormResult, type ResultState, SelectField, TextField, valueOf } from "@/app/components/form-field";
import { revokeAction } from "./actions";
import { ALL_VERSIONS } from "./revoke-scope";

/** The kill switch, for admins: revoke one published version of the server, or every one. */
export function RevokeForm({ serverName, versions }: { serverName: string; versions: string[] }) {
  const [state, action, pending] = useActionState<ResultState, FormData>(revokeAction, {});
  const fields = state.fields ?? {};
  return (
    <form action={action} className="panel form" aria-labelledby="revoke-title">
      <FormResult state={state} />
      <input type="hidden" name="serverName" value={serverName} />
      <div className="form-grid">
        <SelectField
          id="revoke-version"
          name="version"
          label="Version"
          options={[...versions.map((version) => ({ value: version, label: version })), { value: ALL_VERSIONS, label: "Every published version" }]}
          defaultValue={valueOf(state, "version") ?? versions[0]}
          error={fields.version}
        />
        <TextField id="revoke-reason" name="reason" label="Reason" required minLength={3} autoComplete="off" error={fields.reason} defaultValue={valueOf(state, "reason")} hint="Shown to clients that are refused, and recorded in the audit log." />
      </div>
      <div>
        <button type="submit" className="danger" disabled={pending}>
          {pending ? "Revoking…" : "Revoke"}
        </button>
      </div>
    </form>
  );
}

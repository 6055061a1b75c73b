"use client";

import { useActionState } from "react";
import { FormResult, type ResultState, TextField, valueOf } from "@/app/components/form-field";
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
        <div className="field">
          <label htmlFor="revoke-version">Version</label>
          <select id="revoke-version" name="version" defaultValue={valueOf(state, "version") ?? versions[0]} aria-invalid={fields.version ? true : undefined} aria-describedby={fields.version ? "revoke-version-error" : undefined}>
            {versions.map((version) => (
              <option key={version} value={version}>
                {version}
              </option>
            ))}
            <option value={ALL_VERSIONS}>Every published version</option>
          </select>
          {fields.version && (
            <p id="revoke-version-error" className="field-error">
              {fields.version}
            </p>
          )}
        </div>
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

"use client";

import { useActionState } from "react";
import { importAction } from "./actions";
import { FormResult, type ResultState, TextField, valueOf } from "@/app/components/form-field";

export function ImportForm({ defaultUpstream }: { defaultUpstream: string }) {
  const [state, action, pending] = useActionState<ResultState, FormData>(importAction, {});
  const fields = state.fields ?? {};
  return (
    <form action={action} className="panel form" aria-labelledby="import-title" aria-busy={pending}>
      <FormResult state={state} />
      <div className="form-grid">
        <TextField
          id="import-url"
          name="upstreamUrl"
          label="Upstream registry URL"
          type="url"
          autoComplete="off"
          spellCheck={false}
          placeholder={defaultUpstream}
          error={fields.upstreamUrl}
          defaultValue={valueOf(state, "upstreamUrl")}
          hint={`Leave empty for the configured upstream, ${defaultUpstream}.`}
        />
        <TextField
          id="import-since"
          name="updatedSince"
          label="Updated since (UTC)"
          autoComplete="off"
          spellCheck={false}
          placeholder="2026-11-01T00:00:00Z"
          error={fields.updatedSince}
          defaultValue={valueOf(state, "updatedSince")}
          hint="Optional. Leave empty to continue from the last run; a time without a zone is read as UTC."
        />
      </div>
      <div className="button-row">
        <button type="submit" disabled={pending}>
          {pending ? "Importing… (this can take minutes)" : "Run import"}
        </button>
        {pending && (
          <span className="field-hint" role="status">
            The import is running. Keep this page open; the runs below update when it ends.
          </span>
        )}
      </div>
    </form>
  );
}

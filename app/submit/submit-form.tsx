"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/web/form-state";
import { submitServerJson } from "../submissions/actions";

export function SubmitForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(submitServerJson, {});
  const invalid = Boolean(state.message);
  return (
    <form action={action} className="panel form">
      <div className="field">
        <label htmlFor="serverJson">Paste the server.json</label>
        <textarea
          id="serverJson"
          name="serverJson"
          rows={16}
          spellCheck={false}
          className="mono"
          placeholder='{"name": "io.github.you/weather", "version": "1.0.0", "packages": [...]}'
          aria-invalid={invalid}
          aria-describedby={invalid ? "serverJson-errors" : "serverJson-hint"}
        />
        <label htmlFor="file" id="serverJson-hint" className="hint">
          Or upload the file instead (it wins over pasted text)
        </label>
        <input id="file" name="file" type="file" accept="application/json,.json" />
        {invalid && (
          <div id="serverJson-errors" role="alert" className="error-box">
            <p>{state.message}</p>
            {state.errors && state.errors.length > 0 && (
              <ul className="field-errors">
                {state.errors.map((error) => (
                  <li key={`${error.location}:${error.message}`}>
                    <code>{error.location}</code>: {error.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <button type="submit" disabled={pending}>
        {pending ? "Submitting…" : "Submit for scanning and review"}
      </button>
    </form>
  );
}

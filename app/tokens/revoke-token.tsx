"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import type { ResultState } from "@/app/components/form-field";
import { revokeToken } from "./actions";

/** Revoke, in two steps: the button asks, and only the confirming button revokes. */
export function RevokeToken({ tokenId, name, prefix, revoked }: { tokenId: string; name: string; prefix: string; revoked: boolean }) {
  const [state, action, pending] = useActionState<ResultState, FormData>(revokeToken, {});
  const [confirming, setConfirming] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  const ask = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) cancel.current?.focus();
    else if (wasConfirming.current) ask.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  if (revoked || state.done) {
    return (
      <div role="status" className="result-slot">
        {state.done && <p className="notice compact">{state.done}</p>}
      </div>
    );
  }
  return (
    <div className="revoke">
      {confirming ? (
        <form
          action={action}
          className="confirm"
          onKeyDown={(event) => {
            if (event.key === "Escape" && !pending) setConfirming(false);
          }}
        >
          <input type="hidden" name="tokenId" value={tokenId} />
          <p id={`revoke-${tokenId}-question`}>
            Revoke “{name}” (<code>{prefix}…</code>)? Anything using it stops working at once. This cannot be undone.
          </p>
          <div className="button-row">
            <button type="submit" className="danger" disabled={pending} aria-describedby={`revoke-${tokenId}-question`}>
              {pending ? "Revoking…" : "Yes, revoke"}
            </button>
            <button type="button" className="secondary" ref={cancel} onClick={() => setConfirming(false)} disabled={pending}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="secondary" ref={ask} onClick={() => setConfirming(true)}>
          Revoke<span className="visually-hidden"> token “{name}”</span>
        </button>
      )}
      {state.message && (
        <p className="error-box compact" role="alert">
          {state.message}
        </p>
      )}
    </div>
  );
}

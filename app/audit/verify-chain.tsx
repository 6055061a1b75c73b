"use client";

import { useActionState } from "react";
import { formatTime } from "@/app/components/format";
import { type VerifyChainState, verifyChainAction } from "./actions";

const PROBLEMS = { missing: "an event is missing", "broken-link": "the link to the event before is broken", altered: "the event was altered" } as const;

export function VerifyChain() {
  const [state, action, pending] = useActionState<VerifyChainState, FormData>(verifyChainAction, {});
  const result = state.result;
  return (
    <section aria-labelledby="verify-title" className="panel verify-panel">
      <h2 id="verify-title">Verify the chain</h2>
      <p>Recomputes every event&apos;s hash and its link to the event before it, and names the first event that does not fit.</p>
      <form action={action}>
        <button type="submit" disabled={pending}>
          {pending ? "Verifying…" : "Verify the chain"}
        </button>
      </form>
      <div role="status" className="result-slot">
        {result?.ok && (
          <p className="notice">
            The chain is intact: all {result.events} event{result.events === 1 ? "" : "s"} verified ({formatTime(state.checkedAt)}).
          </p>
        )}
      </div>
      {result && !result.ok && (
        <div className="error-box" role="alert">
          <p>
            <strong>
              The chain is broken at event {result.brokenAt}: {PROBLEMS[result.problem]}.
            </strong>
          </p>
          <p>{result.reason}</p>
          <p>
            {result.events} event{result.events === 1 ? "" : "s"} before it verified ({formatTime(state.checkedAt)}).
          </p>
        </div>
      )}
      {state.message && (
        <p className="error-box" role="alert">
          {state.message}
        </p>
      )}
    </section>
  );
}

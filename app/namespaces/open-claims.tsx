"use client";

import { useActionState, useState } from "react";
import { type CheckClaimState, checkClaim } from "./actions";
import { type ClaimView, ClaimSteps } from "./claim-steps";

/** Open claims, each with its instructions and a "Check now" button; the outcome appears next to the claim it is about. */
export function OpenClaims({ claims }: { claims: ClaimView[] }) {
  const [state, action, pending] = useActionState<CheckClaimState, FormData>(checkClaim, {});
  // One action serves every claim's form: this says which one is being checked.
  const [checking, setChecking] = useState<string | null>(null);
  const listed = claims.some((claim) => claim.claimId === state.claimId);
  return (
    <>
      {/* A proven claim leaves the list: its outcome stays here. */}
      <div role="status" className="result-slot">
        {state.ok && state.done && <p className="notice">{state.done}</p>}
      </div>
      {!listed && state.ok === false && state.message && (
        <p className="error-box" role="alert">
          {state.message}
        </p>
      )}
      {claims.length === 0 ? (
        <p className="empty">You have no open claims.</p>
      ) : (
        <ul className="claim-list">
          {claims.map((claim) => {
            const outcome = state.claimId === claim.claimId ? state : undefined;
            return (
              <li key={claim.claimId} className="panel">
                <h3 className="claim-title">
                  <code>{claim.namespace}</code> <span className="badge">{claim.method === "dns" ? "DNS" : "HTTP"}</span>
                </h3>
                <ClaimSteps claim={claim} idPrefix={`claim-${claim.claimId}`} />
                <form action={action} className="button-row" onSubmit={() => setChecking(claim.claimId)}>
                  <input type="hidden" name="claimId" value={claim.claimId} />
                  <button type="submit" disabled={pending}>
                    {pending && checking === claim.claimId ? "Checking…" : "Check now"}
                    <span className="visually-hidden"> for {claim.namespace}</span>
                  </button>
                </form>
                {outcome?.ok === false && outcome.message && (
                  <p className="error-box" role="alert">
                    {outcome.message}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

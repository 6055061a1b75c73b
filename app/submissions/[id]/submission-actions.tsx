"use client";

import { useActionState } from "react";
import { FormResult } from "@/app/components/form-field";
import type { FormState } from "@/lib/web/form-state";
import { rescanSubmission, reviewSubmission, withdrawSubmission } from "../actions";

/** Approve or reject with a required reason; admins may override a failing verdict with a justification. */
export function ReviewForm({ submissionId, failing, canOverride }: { submissionId: string; failing: boolean; canOverride: boolean }) {
  const [state, action, pending] = useActionState<FormState, FormData>(reviewSubmission.bind(null, submissionId), {});
  const reasonError = state.fields?.reason;
  return (
    <form action={action} className="panel form" aria-labelledby="review-title">
      <h2 id="review-title">Your review</h2>
      {failing && <p className="hint">The scan failed: approval needs a second reviewer, or an admin override with a written justification.</p>}
      <div className="field">
        <label htmlFor="reason">Reason (required, kept in the audit log)</label>
        <textarea id="reason" name="reason" rows={4} required aria-invalid={Boolean(reasonError)} aria-describedby={reasonError ? "reason-error" : undefined} />
        {reasonError && (
          <p id="reason-error" className="field-error">
            {reasonError}
          </p>
        )}
      </div>
      {canOverride && failing && (
        <label className="checkbox">
          <input type="checkbox" name="override" /> Override the failing verdict as an admin (the reason is the justification)
        </label>
      )}
      <FormResult state={{ ...state, message: reasonError ? undefined : state.message }} />
      <div className="actions">
        <button type="submit" name="decision" value="APPROVE" disabled={pending}>
          Approve
        </button>
        <button type="submit" name="decision" value="REJECT" className="danger" disabled={pending}>
          Reject
        </button>
      </div>
    </form>
  );
}

export function WithdrawForm({ submissionId }: { submissionId: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(withdrawSubmission.bind(null, submissionId), {});
  return (
    <form action={action} className="inline-form">
      <button type="submit" className="secondary" disabled={pending} onClick={(event) => confirm("Withdraw this submission? Its version number cannot be submitted again.") || event.preventDefault()}>
        Withdraw submission
      </button>
      <FormResult state={state} />
    </form>
  );
}

export function RescanForm({ submissionId }: { submissionId: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(rescanSubmission.bind(null, submissionId), {});
  return (
    <form action={action} className="inline-form">
      <button type="submit" className="secondary" disabled={pending}>
        Scan again
      </button>
      <FormResult state={state} />
    </form>
  );
}

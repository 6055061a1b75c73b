"use client";

import { useActionState } from "react";
import { ChoiceGroup, TextField, valueOf } from "@/app/components/form-field";
import { type StartClaimState, startClaim } from "./actions";
import { ClaimSteps } from "./claim-steps";

const METHODS = [
  { value: "dns", label: "DNS: a TXT record on the domain" },
  { value: "http", label: "HTTP: a file at https://<domain>/.well-known/sigil-verification" },
] as const;

export function StartClaimForm() {
  const [state, action, pending] = useActionState<StartClaimState, FormData>(startClaim, {});
  const fields = state.fields ?? {};
  return (
    <>
      <form action={action} className="panel form" aria-labelledby="claim-title">
        {state.message && (
          <p className="error-box" role="alert">
            {state.message}
          </p>
        )}
        <TextField
          id="claim-namespace"
          name="namespace"
          label="Namespace"
          hint="Reverse DNS of a domain you control, in lowercase: com.example is proven by example.com, com.example.tools by tools.example.com."
          error={fields.namespace}
          required
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          placeholder="com.example"
          defaultValue={valueOf(state, "namespace")}
        />
        <ChoiceGroup id="claim-method" name="method" legend="How you will prove it" type="radio" options={METHODS} defaultChecked={[valueOf(state, "method") ?? "dns"]} error={fields.method} />
        <div>
          <button type="submit" disabled={pending}>
            {pending ? "Starting…" : "Start claim"}
          </button>
        </div>
      </form>
      <div role="status" className="result-slot">
        {state.claim && (
          <div className="panel claim-result">
            <h3>
              Claim of <code>{state.claim.namespace}</code> started
            </h3>
            <p>Publish this, then use “Check now” under Open claims.</p>
            <ClaimSteps claim={state.claim} idPrefix="new-claim" />
          </div>
        )}
      </div>
    </>
  );
}

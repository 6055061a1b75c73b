"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { ChoiceGroup, TextField, valueOf, valuesOf } from "@/app/components/form-field";
import { formatTime } from "@/app/components/format";
import { type IssueTokenState, issueToken } from "./actions";

interface Props {
  scopes: { value: string; label: string }[];
  ownedNamespaces: string[];
  /** Reviewers may name namespaces they do not own (for review and rescan tokens). */
  reviewer: boolean;
}

export function IssueTokenForm({ scopes, ownedNamespaces, reviewer }: Props) {
  const [state, action, pending] = useActionState<IssueTokenState, FormData>(issueToken, {});
  const fields = state.fields ?? {};
  return (
    <>
      <div role="status" className="result-slot">
        {state.issued && <p className="visually-hidden">Token “{state.issued.name}” issued. Copy it now: Sigil will not show it again.</p>}
      </div>
      {state.issued && <NewSecret key={state.issued.secret} issued={state.issued} />}
      <form action={action} className="panel form" aria-labelledby="issue-title">
        {state.message && (
          <p className="error-box" role="alert">
            {state.message}
          </p>
        )}
        <TextField id="token-name" name="name" label="Name" hint="Say where it is used, e.g. “CI publish job”." error={fields.name} required maxLength={100} autoComplete="off" defaultValue={valueOf(state, "name")} />
        <ChoiceGroup id="token-scopes" name="scopes" legend="Scopes" options={scopes} defaultChecked={valuesOf(state, "scopes") ?? ["submit"]} error={fields.scopes} hint="What the token may do. Choose at least one." />
        {ownedNamespaces.length ? (
          <ChoiceGroup
            id="token-namespaces"
            name="namespaces"
            legend="Namespaces you own"
            options={ownedNamespaces.map((name) => ({ value: name, label: <code>{name}</code> }))}
            defaultChecked={valuesOf(state, "namespaces") ?? (ownedNamespaces.length === 1 ? ownedNamespaces : [])}
            error={reviewer ? undefined : fields.namespaces}
            hint="The token acts only on servers in the namespaces you tick."
          />
        ) : (
          <p className="field-hint" id="token-no-namespaces">
            You own no namespace yet. {reviewer ? "Type the namespaces to review below, or claim one" : "Claim one"} on the <a href="/namespaces">Namespaces</a> page first.
          </p>
        )}
        {reviewer && (
          <TextField
            id="token-other-namespaces"
            name="otherNamespaces"
            label="Other namespaces"
            hint="Reviewers may name namespaces they do not own, separated by commas or spaces, for review and rescan tokens. Submitting and withdrawing work only in namespaces you own."
            error={fields.namespaces}
            defaultValue={valueOf(state, "otherNamespaces")}
            autoComplete="off"
            spellCheck={false}
          />
        )}
        {!reviewer && !ownedNamespaces.length && fields.namespaces && (
          <p className="field-error" id="token-namespaces-error">
            {fields.namespaces}
          </p>
        )}
        <TextField id="token-days" name="expiresInDays" label="Expires after (days)" type="number" inputMode="numeric" min={1} max={365} defaultValue={valueOf(state, "expiresInDays") ?? 90} required error={fields.expiresInDays} hint="1 to 365 days." />
        <div>
          <button type="submit" disabled={pending}>
            {pending ? "Issuing…" : "Issue token"}
          </button>
        </div>
      </form>
    </>
  );
}

/** The new secret, shown this once: focused so that it can be copied at once, from the keyboard too. */
function NewSecret({ issued }: { issued: NonNullable<IssueTokenState["issued"]> }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  async function copy() {
    try {
      await navigator.clipboard.writeText(issued.secret);
      setCopied("yes");
    } catch {
      input.current?.select();
      setCopied("failed");
    }
  }
  return (
    <div className="panel secret-panel">
      <h3 className="secret-title">
        Token “{issued.name}” issued, valid until {formatTime(issued.expiresAt)}
      </h3>
      <p className="warning">
        <strong>Copy it now: Sigil will not show it again.</strong> Only a hash of it is stored. If you lose it, revoke it and issue a new one.
      </p>
      <label htmlFor="new-token-secret">Your new API token</label>
      <div className="secret-row">
        <input id="new-token-secret" ref={input} className="secret" readOnly value={issued.secret} spellCheck={false} autoComplete="off" aria-describedby="new-token-hint" onFocus={(event) => event.currentTarget.select()} />
        <button type="button" className="secondary" onClick={copy}>
          Copy
        </button>
      </div>
      <p id="new-token-hint" className="field-hint" aria-live="polite">
        {copied === "yes"
          ? "Copied to the clipboard."
          : copied === "failed"
            ? "This browser did not allow copying: the token is selected, press Ctrl+C (⌘C on a Mac)."
            : "The token is selected: press Ctrl+C (⌘C on a Mac) or use Copy. Send it as “Authorization: Bearer <token>”."}
      </p>
    </div>
  );
}

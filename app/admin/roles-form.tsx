"use client";

import { useActionState } from "react";
import { setRolesAction } from "./actions";
import { ChoiceGroup, FormResult, type ResultState } from "@/app/components/form-field";
import { ROLE_NAMES } from "./roles";

/** One user's roles, saved on their own. */
export function RolesForm({ userId, who, roles }: { userId: string; who: string; roles: string[] }) {
  const [state, action, pending] = useActionState<ResultState, FormData>(setRolesAction, {});
  return (
    <form action={action} className="roles-form">
      <input type="hidden" name="userId" value={userId} />
      <ChoiceGroup
        id={`roles-${userId}`}
        name="roles"
        legend={<span className="visually-hidden">Roles of {who}</span>}
        options={Object.entries(ROLE_NAMES).map(([value, label]) => ({ value, label }))}
        defaultChecked={roles}
      />
      <button type="submit" className="secondary" disabled={pending}>
        {pending ? "Saving…" : "Save roles"}
        <span className="visually-hidden"> of {who}</span>
      </button>
      <FormResult state={state} compact />
    </form>
  );
}

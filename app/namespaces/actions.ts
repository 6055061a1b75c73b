"use server";

import { revalidatePath } from "next/cache";
import { textOf } from "@/app/admin/form-data";
import type { ResultState } from "@/app/components/form-field";
import { requirePageUser } from "@/lib/auth/page-access";
import { Role } from "@/lib/db/generated/client";
import { type ClaimInstructions, startNamespaceClaim, verifyNamespaceClaim } from "@/lib/namespaces/namespace-claims";
import { formFailure } from "@/lib/web/form-state";
import type { ClaimView } from "./claim-steps";

const view = (claim: ClaimInstructions): ClaimView => ({
  claimId: claim.claimId,
  namespace: claim.namespace,
  domain: claim.domain,
  method: claim.method,
  value: claim.value,
  where: claim.where,
  expiresAt: claim.expiresAt.toISOString(),
});

export type StartClaimState = ResultState & { claim?: ClaimView };

/** Starts (or returns the open) claim of a namespace for the signed-in maintainer. */
export async function startClaim(_state: StartClaimState, form: FormData): Promise<StartClaimState> {
  const user = await requirePageUser("/namespaces", [Role.MAINTAINER]);
  const values = { namespace: textOf(form, "namespace"), method: textOf(form, "method") };
  let claim: ClaimInstructions;
  try {
    claim = await startNamespaceClaim({ namespace: values.namespace ?? "", method: (values.method ?? "") as "dns" | "http", userId: user.id });
  } catch (error) {
    return { ...formFailure(error), values };
  }
  revalidatePath("/namespaces");
  return { claim: view(claim) };
}

export type CheckClaimState = ResultState & { claimId?: string; ok?: boolean };

/** Checks a claim's published challenge now; verifyNamespaceClaim refuses claims of other users. */
export async function checkClaim(_state: CheckClaimState, form: FormData): Promise<CheckClaimState> {
  const user = await requirePageUser("/namespaces", [Role.MAINTAINER]);
  const claimId = textOf(form, "claimId");
  if (!claimId) return { message: "The form did not say which claim to check. Reload the page and try again." };
  try {
    const { namespace } = await verifyNamespaceClaim({ claimId, userId: user.id });
    revalidatePath("/namespaces");
    return { claimId, ok: true, done: `Proven: you now own the namespace “${namespace.name}”.` };
  } catch (error) {
    return { ...formFailure(error), claimId, ok: false };
  }
}

"use server";

import { requirePageUser } from "@/lib/auth/page-access";
import { type ChainCheck, verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { Role } from "@/lib/db/generated/client";
import { formFailure } from "@/lib/web/form-state";

export type VerifyChainState = { result?: ChainCheck; checkedAt?: string; message?: string };

/** Recomputes the whole audit chain for an admin. */
export async function verifyChainAction(_state: VerifyChainState, _form: FormData): Promise<VerifyChainState> {
  await requirePageUser("/audit", [Role.ADMIN]);
  try {
    return { result: await verifyAuditChain(), checkedAt: new Date().toISOString() };
  } catch (error) {
    return { message: formFailure(error).message };
  }
}

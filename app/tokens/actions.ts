"use server";

import { revalidatePath } from "next/cache";
import { allOf, textOf } from "@/app/admin/form-data";
import type { ResultState } from "@/app/components/form-field";
import { issueApiToken } from "@/lib/auth/issue-api-token";
import { requirePageUser } from "@/lib/auth/page-access";
import { revokeApiToken } from "@/lib/auth/revoke-api-token";
import { formFailure } from "@/lib/web/form-state";

/** The issue form's state: after success, the secret, which exists nowhere else (only its hash is stored). */
export type IssueTokenState = ResultState & { issued?: { name: string; prefix: string; secret: string; expiresAt: string } };

/** Issues a token to the signed-in user (never to anyone a form names). */
export async function issueToken(_state: IssueTokenState, form: FormData): Promise<IssueTokenState> {
  const user = await requirePageUser("/tokens");
  const typed = textOf(form, "otherNamespaces")?.split(/[\s,]+/).filter(Boolean) ?? [];
  const namespaces = [...new Set([...allOf(form, "namespaces"), ...typed])];
  const values = { name: textOf(form, "name"), scopes: allOf(form, "scopes"), namespaces: allOf(form, "namespaces"), otherNamespaces: textOf(form, "otherNamespaces"), expiresInDays: textOf(form, "expiresInDays") };
  let issued: IssueTokenState["issued"];
  try {
    const { secret, token } = await issueApiToken(user.id, {
      name: textOf(form, "name") ?? "",
      scopes: allOf(form, "scopes"),
      namespaces,
      expiresInDays: textOf(form, "expiresInDays"),
    });
    issued = { name: token.name, prefix: token.prefix, secret, expiresAt: token.expiresAt.toISOString() };
  } catch (error) {
    return { ...formFailure(error), values };
  }
  revalidatePath("/tokens");
  return { issued };
}

/** Revokes one of the signed-in user's tokens; revokeApiToken refuses anyone else's (as "not found"). */
export async function revokeToken(_state: ResultState, form: FormData): Promise<ResultState> {
  const user = await requirePageUser("/tokens");
  const tokenId = textOf(form, "tokenId");
  if (!tokenId) return { message: "The form did not say which token to revoke. Reload the page and try again." };
  try {
    await revokeApiToken(tokenId, user.id);
  } catch (error) {
    return formFailure(error);
  }
  revalidatePath("/tokens");
  return { done: "Revoked. Anything still using this token is refused from now on." };
}

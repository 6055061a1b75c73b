"use server";

import { redirect } from "next/navigation";
import { changePassword } from "@/lib/auth/change-password";
import { currentPageUser } from "@/lib/auth/page-user";
import { unauthorized } from "@/lib/errors";
import { type FormState, formFailure } from "@/lib/web/form-state";

/** Changes the signed-in user's password; every session ends, so they sign in again with it. */
export async function changeOwnPassword(_state: FormState, form: FormData): Promise<FormState> {
  try {
    const user = await currentPageUser();
    if (!user) throw unauthorized("Your session has ended; sign in again.");
    await changePassword(user.id, { current: form.get("current"), next: form.get("next") });
  } catch (error) {
    return formFailure(error);
  }
  redirect("/sign-in?changed=password");
}

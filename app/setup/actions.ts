"use server";

import { redirect } from "next/navigation";
import { completeFirstAdminSetup } from "@/lib/auth/first-admin-setup";
import { type FormState, formFailure } from "@/lib/web/form-state";

/** Creates the first admin from the setup form; field errors go back to the form. */
export async function createFirstAdmin(_state: FormState, form: FormData): Promise<FormState> {
  try {
    await completeFirstAdminSetup(Object.fromEntries(form));
  } catch (error) {
    return formFailure(error);
  }
  redirect("/sign-in?setup=done");
}

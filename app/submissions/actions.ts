"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { currentPageUser } from "@/lib/auth/page-user";
import { badRequest, unauthorized } from "@/lib/errors";
import { type FormState, formFailure } from "@/lib/web/form-state";
import { requestRescan } from "@/lib/versions/request-rescan";
import { reviewVersion } from "@/lib/versions/review-version";
import { submitFor } from "@/lib/versions/submit-for";
import { withdrawVersion } from "@/lib/versions/withdraw-version";

// Every action acts as the signed-in user of the request, never as anyone a form names; the
// domain functions check that user's roles and ownership again.
async function signedInUser() {
  const user = await currentPageUser();
  if (!user) throw unauthorized("Your session has ended; sign in again.");
  return user;
}

/** The server.json from the form: pasted text, or an uploaded file when one was chosen. */
async function serverJsonOf(form: FormData): Promise<unknown> {
  const file = form.get("file");
  const text = file instanceof File && file.size > 0 ? await file.text() : String(form.get("serverJson") ?? "");
  if (!text.trim()) throw badRequest("Paste a server.json or choose a file.");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`This is not valid JSON: ${(error as Error).message}`);
  }
}

export async function submitServerJson(_state: FormState, form: FormData): Promise<FormState> {
  let id: string;
  try {
    const user = await signedInUser();
    id = (await submitFor({ user }, await serverJsonOf(form))).id;
  } catch (error) {
    return formFailure(error);
  }
  redirect(`/submissions/${id}`);
}

export async function withdrawSubmission(versionId: string, _state: FormState, _form: FormData): Promise<FormState> {
  try {
    await withdrawVersion(versionId, (await signedInUser()).id);
  } catch (error) {
    return formFailure(error);
  }
  revalidatePath(`/submissions/${versionId}`);
  return { done: "Withdrawn." };
}

export async function reviewSubmission(versionId: string, _state: FormState, form: FormData): Promise<FormState> {
  try {
    const decision = form.get("decision") === "REJECT" ? "REJECT" : "APPROVE";
    await reviewVersion({ versionId, reviewerId: (await signedInUser()).id, decision, reason: String(form.get("reason") ?? ""), override: form.get("override") === "on" });
  } catch (error) {
    return formFailure(error);
  }
  revalidatePath(`/submissions/${versionId}`);
  return { done: "Your review is recorded." };
}

export async function rescanSubmission(versionId: string, _state: FormState, _form: FormData): Promise<FormState> {
  try {
    await requestRescan(versionId, (await signedInUser()).id);
  } catch (error) {
    return formFailure(error);
  }
  revalidatePath(`/submissions/${versionId}`);
  return { done: "A new scan is queued." };
}

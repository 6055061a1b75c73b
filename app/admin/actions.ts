"use server";

import { revalidatePath } from "next/cache";
import { userActor } from "@/lib/actor";
import { requirePageUser } from "@/lib/auth/page-access";
import { NamespaceProof, Role } from "@/lib/db/generated/client";
import { importFromUpstream } from "@/lib/import/import-upstream";
import { grantNamespace } from "@/lib/namespaces/grant-namespace";
import { createUser } from "@/lib/users/create-user";
import { findUserByEmailOrId } from "@/lib/users/find-user-by-email-or-id";
import { setUserRoles } from "@/lib/users/set-user-roles";
import { markKeyCompromised } from "@/lib/signing/mark-key-compromised";
import { publishApprovedVersions } from "@/lib/versions/publish-approved-versions";
import { setPublishingFrozen } from "@/lib/versions/publishing-freeze";
import { formFailure } from "@/lib/web/form-state";
import { allOf, textOf } from "./form-data";
import type { ResultState } from "@/app/components/form-field";
import { utcDateTime } from "./time-input";

// Every action checks, from the session, that an admin acts; the domain functions check again.
const requireAdmin = () => requirePageUser("/admin", [Role.ADMIN]);

const ROLE_WORDS: Record<string, string> = { MAINTAINER: "maintainer", REVIEWER: "reviewer", ADMIN: "admin" };
const rolesInWords = (roles: readonly string[]) => (roles.length ? roles.map((role) => ROLE_WORDS[role] ?? role).join(", ") : "no roles");

/** An admin creates a user with an email, a first password and roles. */
export async function createUserAction(_state: ResultState, form: FormData): Promise<ResultState> {
  const admin = await requireAdmin();
  const password = form.get("password");
  const values = { email: textOf(form, "email"), name: textOf(form, "name"), roles: allOf(form, "roles") };
  const missing: Record<string, string> = {};
  if (!values.email) missing.email = "enter an email address";
  if (typeof password !== "string" || !password) missing.password = "enter a first password";
  if (Object.keys(missing).length) return { message: "The user needs an email and a first password.", fields: missing, values };
  let email: string | null;
  let roles: readonly string[];
  try {
    const user = await createUser({ email: values.email, name: values.name, password: password as string, roles: values.roles as Role[] }, userActor(admin.id));
    email = user.email;
    roles = user.roles;
  } catch (error) {
    return { ...formFailure(error), values };
  }
  revalidatePath("/admin");
  return { done: `Created ${email} with ${rolesInWords(roles)}. They can sign in with the password you chose.` };
}

/** An admin sets one user's roles (the user is named by the form; the admin by the session). */
export async function setRolesAction(_state: ResultState, form: FormData): Promise<ResultState> {
  const admin = await requireAdmin();
  const userId = textOf(form, "userId");
  if (!userId) return { message: "The form did not say whose roles to change. Reload the page and try again." };
  let roles: readonly string[];
  try {
    roles = (await setUserRoles(userId, { roles: allOf(form, "roles") }, admin.id)).roles;
  } catch (error) {
    return formFailure(error);
  }
  revalidatePath("/admin");
  return { done: `Saved: ${rolesInWords(roles)}.` };
}

/** An admin grants a namespace to a user named by email or id; the admin's word is the proof. */
export async function grantNamespaceAction(_state: ResultState, form: FormData): Promise<ResultState> {
  const admin = await requireAdmin();
  const values = { name: textOf(form, "name"), owner: textOf(form, "owner"), note: textOf(form, "note") };
  if (values.note && values.note.length > 500) return { message: "The note is too long.", fields: { note: "must be at most 500 characters" }, values };
  const owner = values.owner ? await findUserByEmailOrId(values.owner) : null;
  if (!owner) {
    return { message: "Name the user to grant the namespace to.", fields: { owner: values.owner ? "no user has this email or id" : "enter the user's email or id" }, values };
  }
  try {
    await grantNamespace(
      { name: values.name ?? "", ownerId: owner.id, proof: NamespaceProof.ADMIN_GRANT, proofDetail: { grantedBy: admin.id, ...(values.note ? { note: values.note } : {}) } },
      userActor(admin.id),
    );
  } catch (error) {
    const failure = formFailure(error);
    const { ownerId, ...fields } = failure.fields ?? {};
    return { ...failure, fields: ownerId ? { ...fields, owner: ownerId } : fields, values };
  }
  revalidatePath("/admin");
  return { done: `Granted “${values.name}” to ${owner.email ?? owner.githubLogin ?? owner.id}.` };
}

/** An admin imports candidates from the configured upstream registry, or from the URL given. */
export async function importAction(_state: ResultState, form: FormData): Promise<ResultState> {
  const admin = await requireAdmin();
  const values = { upstreamUrl: textOf(form, "upstreamUrl"), updatedSince: textOf(form, "updatedSince") };
  let result: ResultState;
  try {
    const run = await importFromUpstream({ upstreamUrl: values.upstreamUrl, adminId: admin.id, updatedSince: values.updatedSince && utcDateTime(values.updatedSince) });
    const more = run.nextCursor ? " It stopped at its limits; the next run continues where it stopped." : "";
    result = { done: `Import from ${run.upstreamUrl} finished: ${run.imported} imported, ${run.skipped} skipped, ${run.invalid} invalid.${more}` };
  } catch (error) {
    result = { ...formFailure(error), values };
  }
  // A failed run is recorded too.
  revalidatePath("/admin");
  return result;
}

/** An admin freezes all publishing, or lifts the freeze (then what waited is published). */
export async function publishingFreezeAction(_state: ResultState, form: FormData): Promise<ResultState> {
  const admin = await requireAdmin();
  const values = { reason: textOf(form, "reason") };
  const frozen = textOf(form, "frozen") === "true";
  let result: ResultState;
  try {
    await setPublishingFrozen({ adminId: admin.id, frozen, reason: values.reason ?? "" });
    const published = frozen ? [] : await publishApprovedVersions(0);
    result = { done: frozen ? "Publishing is frozen: approved versions wait until you lift the freeze." : `Publishing resumed; ${published.length} approved version(s) that waited are published.` };
  } catch (error) {
    result = { ...formFailure(error), values };
  }
  revalidatePath("/admin");
  return result;
}

/** An admin marks a signing key compromised from a time: what it signed after that fails verification. */
export async function compromiseKeyAction(_state: ResultState, form: FormData): Promise<ResultState> {
  const admin = await requireAdmin();
  const values = { keyId: textOf(form, "keyId"), from: textOf(form, "from"), reason: textOf(form, "reason") };
  try {
    const key = await markKeyCompromised({ keyId: values.keyId ?? "", from: values.from ? utcDateTime(values.from) : "", adminId: admin.id, reason: values.reason ?? "" });
    revalidatePath("/admin");
    return { done: `${key.keyId} is not trusted from ${key.validTo?.toISOString()}: what it signed after that fails verification.` };
  } catch (error) {
    return { ...formFailure(error), values };
  }
}

"use server";

import { revalidatePath } from "next/cache";
import type { ResultState } from "@/app/components/form-field";
import { textOf } from "@/app/admin/form-data";
import { requirePageUser } from "@/lib/auth/page-access";
import { Role } from "@/lib/db/generated/client";
import { formFailure } from "@/lib/web/form-state";
import { revokePublishedVersion, revokeServer } from "@/lib/versions/revoke-version";
import { ALL_VERSIONS } from "./revoke-scope";

/** An admin revokes one published version of the server, or all of them. */
export async function revokeAction(_state: ResultState, form: FormData): Promise<ResultState> {
  const serverName = textOf(form, "serverName") ?? "";
  const page = `/servers/${serverName}`;
  const admin = await requirePageUser(page, [Role.ADMIN]);
  const values = { version: textOf(form, "version"), reason: textOf(form, "reason") };
  if (!values.version) return { message: "Choose what to revoke.", fields: { version: "choose a version, or every version" }, values };
  let done: string;
  try {
    if (values.version === ALL_VERSIONS) {
      const revoked = await revokeServer({ serverName, adminId: admin.id, reason: values.reason ?? "" });
      done = `Revoked ${revoked.length} version(s) of ${serverName}. Clients refuse them from now on.`;
    } else {
      await revokePublishedVersion({ serverName, version: values.version, adminId: admin.id, reason: values.reason ?? "" });
      done = `Revoked ${serverName}@${values.version}. Clients refuse it from now on.`;
    }
  } catch (error) {
    return { ...formFailure(error), values };
  }
  revalidatePath(page);
  return { done };
}

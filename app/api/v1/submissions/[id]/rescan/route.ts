import { requireScopeForVersion } from "@/lib/auth/authorize-version-action";
import { principalOf } from "@/lib/auth/principal";
import { requireRole } from "@/lib/auth/authorize";
import { Role } from "@/lib/db/generated/client";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { findSubmission } from "@/lib/versions/find-submission";
import { requestRescan } from "@/lib/versions/request-rescan";
import { toSubmissionResponse } from "@/lib/versions/submission-response";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** A reviewer has the submission scanned again (every earlier report is kept). */
export const POST = withProblems(async (request: Request, { params }: Context) => {
  const principal = requireRole(await principalOf(request), Role.REVIEWER);
  const { id } = await params;
  await requireScopeForVersion(principal, id, "rescan");
  await requestRescan(id, principal.user.id);
  return json(toSubmissionResponse(await findSubmission(id, principal)), { status: 202 });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

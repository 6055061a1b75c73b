import { requireScopeForVersion } from "@/lib/auth/authorize-version-action";
import { principalOf } from "@/lib/auth/principal";
import { requireSignedIn } from "@/lib/auth/authorize";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { findSubmission } from "@/lib/versions/find-submission";
import { toSubmissionResponse } from "@/lib/versions/submission-response";
import { withdrawVersion } from "@/lib/versions/withdraw-version";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** The submitter withdraws a submission before its approval. */
export const POST = withProblems(async (request: Request, { params }: Context) => {
  const principal = requireSignedIn(await principalOf(request));
  const { id } = await params;
  await requireScopeForVersion(principal, id, "withdraw");
  await withdrawVersion(id, principal.user.id);
  return json(toSubmissionResponse(await findSubmission(id, principal)));
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

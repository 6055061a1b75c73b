import { principalOf } from "@/lib/auth/principal";
import { requireSignedIn } from "@/lib/auth/authorize";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { findSubmission } from "@/lib/versions/find-submission";
import { toSubmissionResponse } from "@/lib/versions/submission-response";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** One submission: its scan's live progress, every report with its findings, the reviews. */
export const GET = withProblems(async (request: Request, { params }: Context) => {
  const principal = requireSignedIn(await principalOf(request));
  return json(toSubmissionResponse(await findSubmission((await params).id, principal)));
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

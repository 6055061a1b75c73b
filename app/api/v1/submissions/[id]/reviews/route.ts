import { z } from "zod";
import { requireScopeForVersion } from "@/lib/auth/authorize-version-action";
import { principalOf } from "@/lib/auth/principal";
import { requireRole } from "@/lib/auth/authorize";
import { Role } from "@/lib/db/generated/client";
import { forbidden } from "@/lib/errors";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { readJsonBody } from "@/lib/http/read-json-body";
import { parseInput } from "@/lib/validation/parse-input";
import { findSubmission } from "@/lib/versions/find-submission";
import { reviewVersion } from "@/lib/versions/review-version";
import { toSubmissionResponse } from "@/lib/versions/submission-response";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const reviewBody = z.object({ decision: z.enum(["APPROVE", "REJECT"]), reason: z.string(), override: z.boolean().optional() });

/** A reviewer approves or rejects the submission's latest scan report, with a reason. */
export const POST = withProblems(async (request: Request, { params }: Context) => {
  const principal = requireRole(await principalOf(request), Role.REVIEWER);
  const { id } = await params;
  await requireScopeForVersion(principal, id, "review");
  const body = parseInput(reviewBody, await readJsonBody(request), "review");
  if (body.override && principal.token) throw forbidden("An admin override is never done with an API token; sign in.");
  await reviewVersion({ ...body, versionId: id, reviewerId: principal.user.id });
  return json(toSubmissionResponse(await findSubmission(id, principal)), { status: 201 });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

import { principalOf } from "@/lib/auth/principal";
import { requireRole, requireSignedIn, withinToken } from "@/lib/auth/authorize";
import { Role } from "@/lib/db/generated/client";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { readJsonBody } from "@/lib/http/read-json-body";
import { findSubmission } from "@/lib/versions/find-submission";
import { listOwnSubmissions } from "@/lib/versions/list-submissions";
import { submitFor } from "@/lib/versions/submit-for";
import { namespaceOf } from "@/lib/versions/submit-version";
import { toSubmissionResponse, toSubmissionSummary } from "@/lib/versions/submission-response";

export const dynamic = "force-dynamic";

/** The caller's own submissions, newest first. */
export const GET = withProblems(async (request: Request) => {
  const principal = requireSignedIn(await principalOf(request));
  const visible = (await listOwnSubmissions(principal.user.id)).filter((row) => withinToken(principal, namespaceOf(row.serverName)));
  return json({ submissions: visible.map(toSubmissionSummary) });
});

/** Submits a server.json (the body): a new version, queued for its scan. */
export const POST = withProblems(async (request: Request) => {
  const principal = requireRole(await principalOf(request), Role.MAINTAINER);
  const version = await submitFor(principal, await readJsonBody(request));
  const location = `/api/v1/submissions/${version.id}`;
  return json(toSubmissionResponse(await findSubmission(version.id, principal)), { status: 201, headers: { location } });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET, POST");

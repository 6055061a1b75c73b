import { principalOf } from "@/lib/auth/principal";
import { requireRole } from "@/lib/auth/authorize";
import { Role } from "@/lib/db/generated/client";
import { json, methodsNotAllowed, PROBLEM_CONTENT_TYPE, withProblems } from "@/lib/http/problem";
import { readJsonBody } from "@/lib/http/read-json-body";
import { submissionAsServerResponse } from "@/lib/registry/submission-as-server-response";
import { registryBaseUrl } from "@/lib/web/base-url";
import { submitFor } from "@/lib/versions/submit-for";

export const dynamic = "force-dynamic";

const publish = withProblems(async (request: Request) => {
  const principal = requireRole(await principalOf(request), Role.MAINTAINER);
  const version = await submitFor(principal, await readJsonBody(request));
  return json(submissionAsServerResponse(version, registryBaseUrl(request.headers)));
});

/**
 * The official publisher CLI's endpoint (with a Sigil API token as its bearer token): creates a
 * submission, which still needs its scan and a review. Errors are problem JSON that also carry
 * the `error` field the official API documents.
 */
export async function POST(request: Request): Promise<Response> {
  const response = await publish(request);
  if (response.headers.get("content-type") !== PROBLEM_CONTENT_TYPE) return response;
  const problem = (await response.json()) as { detail: string };
  return new Response(JSON.stringify({ ...problem, error: problem.detail }), { status: response.status, headers: response.headers });
}

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

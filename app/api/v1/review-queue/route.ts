import { z } from "zod";
import { principalOf } from "@/lib/auth/principal";
import { requireRole } from "@/lib/auth/authorize";
import { Role } from "@/lib/db/generated/client";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { parseQuery } from "@/lib/registry/list-params";
import { listReviewQueue } from "@/lib/versions/list-submissions";
import { toSubmissionSummary } from "@/lib/versions/submission-response";

export const dynamic = "force-dynamic";

const queueQuery = z.object({ verdict: z.enum(["PASS", "WARN", "FAIL"]).optional(), category: z.string().max(100).optional() });

/** Scanned submissions waiting for a review, the longest-waiting first. */
export const GET = withProblems(async (request: Request) => {
  const principal = requireRole(await principalOf(request), Role.REVIEWER);
  const filter = parseQuery(queueQuery, new URL(request.url).searchParams);
  const queue = await listReviewQueue({ ...filter, namespaces: principal.token?.namespaces });
  return json({ submissions: queue.map(toSubmissionSummary) });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

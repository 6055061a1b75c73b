import { principalOf } from "@/lib/auth/principal";
import { requireAdmin } from "@/lib/auth/authorize";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";

export const dynamic = "force-dynamic";

/** Pages through the audit log (admins): filters `action` (exact, or a prefix ending in "."), `actor`, `subject_type`, `subject_id`, `since`, `until`. */
export const GET = withProblems(async (request: Request) => {
  requireAdmin(await principalOf(request));
  return json(await listAuditEvents(Object.fromEntries(new URL(request.url).searchParams)));
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

import { principalOf } from "@/lib/auth/principal";
import { requireAdmin } from "@/lib/auth/authorize";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";

export const dynamic = "force-dynamic";

/** Recomputes the whole hash chain (admins) and names the first event that does not fit. */
export const GET = withProblems(async (request: Request) => {
  requireAdmin(await principalOf(request));
  return json(await verifyAuditChain());
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

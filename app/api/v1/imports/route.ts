import { z } from "zod";
import { principalOf } from "@/lib/auth/principal";
import { requireAdmin } from "@/lib/auth/authorize";
import { db } from "@/lib/db/client";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { readJsonBody } from "@/lib/http/read-json-body";
import { importFromUpstream } from "@/lib/import/import-upstream";
import { parseInput } from "@/lib/validation/parse-input";

export const dynamic = "force-dynamic";

/** The latest import runs (admins). */
export const GET = withProblems(async (request: Request) => {
  requireAdmin(await principalOf(request));
  return json({ imports: await db().upstreamImport.findMany({ orderBy: { startedAt: "desc" }, take: 50 }) });
});

const importBody = z.object({ upstreamUrl: z.string().optional(), updatedSince: z.string().optional() });

/** An admin imports candidates from an upstream registry: they arrive as submissions, waiting for their scan and review. */
export const POST = withProblems(async (request: Request) => {
  const admin = requireAdmin(await principalOf(request));
  const body = parseInput(importBody, await readJsonBody(request, { optional: true }), "import");
  return json(await importFromUpstream({ ...body, adminId: admin.user.id }), { status: 201 });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET, POST");

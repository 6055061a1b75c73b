import { z } from "zod";
import { userActor } from "@/lib/actor";
import { principalOf } from "@/lib/auth/principal";
import { requireAdmin } from "@/lib/auth/authorize";
import { NamespaceProof } from "@/lib/db/generated/client";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { readJsonBody } from "@/lib/http/read-json-body";
import { grantNamespace } from "@/lib/namespaces/grant-namespace";
import { parseInput } from "@/lib/validation/parse-input";

export const dynamic = "force-dynamic";

const grantBody = z.object({ name: z.string(), ownerId: z.string(), note: z.string().max(500).optional() });

/** An admin grants a namespace to a user: `{name, ownerId, note?}` (the note is kept as the proof). */
export const POST = withProblems(async (request: Request) => {
  const admin = requireAdmin(await principalOf(request));
  const { name, ownerId, note } = parseInput(grantBody, await readJsonBody(request), "namespace grant");
  const namespace = await grantNamespace({ name, ownerId, proof: NamespaceProof.ADMIN_GRANT, proofDetail: { grantedBy: admin.user.id, ...(note ? { note } : {}) } }, userActor(admin.user.id));
  return json({ namespace: namespace.name, proof: namespace.proof }, { status: 201 });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

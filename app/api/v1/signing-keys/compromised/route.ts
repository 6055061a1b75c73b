import { z } from "zod";
import { requireAdmin } from "@/lib/auth/authorize";
import { principalOf } from "@/lib/auth/principal";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { readJsonBody } from "@/lib/http/read-json-body";
import { markKeyCompromised } from "@/lib/signing/mark-key-compromised";
import { parseInput } from "@/lib/validation/parse-input";

export const dynamic = "force-dynamic";

const compromiseBody = z.strictObject({ keyId: z.string(), from: z.string(), reason: z.string() });

/** An admin marks a signing key compromised from a time (`{keyId, from, reason}`): its validity in keys.json ends there. */
export const POST = withProblems(async (request: Request) => {
  const admin = requireAdmin(await principalOf(request));
  const body = parseInput(compromiseBody, await readJsonBody(request), "key compromise");
  const key = await markKeyCompromised({ ...body, adminId: admin.user.id });
  return json({ keyId: key.keyId, validFrom: key.validFrom.toISOString(), validTo: key.validTo?.toISOString() ?? null, compromisedReason: key.compromisedReason });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

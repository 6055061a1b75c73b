import { z } from "zod";
import { requireAdmin } from "@/lib/auth/authorize";
import { principalOf } from "@/lib/auth/principal";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { readJsonBody } from "@/lib/http/read-json-body";
import { parseInput } from "@/lib/validation/parse-input";
import { publishApprovedVersions } from "@/lib/versions/publish-approved-versions";
import { type PublishingFreeze, publishingFreeze, setPublishingFrozen } from "@/lib/versions/publishing-freeze";

export const dynamic = "force-dynamic";

const freezeBody = z.strictObject({ frozen: z.boolean(), reason: z.string() });

const freezeJson = (freeze: PublishingFreeze | null) =>
  freeze ? { frozen: true, frozenAt: freeze.frozenAt.toISOString(), frozenBy: freeze.frozenBy, reason: freeze.reason } : { frozen: false, frozenAt: null, frozenBy: null, reason: null };

/** Whether publishing is frozen (admins). */
export const GET = withProblems(async (request: Request) => {
  requireAdmin(await principalOf(request));
  return json(freezeJson(await publishingFreeze()));
});

/** An admin freezes all publishing, or lifts the freeze (`{frozen, reason}`); lifting it publishes what waited. */
export const PUT = withProblems(async (request: Request) => {
  const admin = requireAdmin(await principalOf(request));
  const body = parseInput(freezeBody, await readJsonBody(request), "publishing freeze");
  const freeze = await setPublishingFrozen({ ...body, adminId: admin.user.id });
  const published = freeze ? [] : await publishApprovedVersions(0);
  return json({ ...freezeJson(freeze), published: published.length });
});

export const { POST, PATCH, DELETE } = methodsNotAllowed("GET, PUT");

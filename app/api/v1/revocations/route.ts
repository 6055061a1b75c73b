import { z } from "zod";
import { requireAdmin } from "@/lib/auth/authorize";
import { principalOf } from "@/lib/auth/principal";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { readJsonBody } from "@/lib/http/read-json-body";
import { parseInput } from "@/lib/validation/parse-input";
import { revokePublishedVersion, revokeServer } from "@/lib/versions/revoke-version";

export const dynamic = "force-dynamic";

const revocationBody = z.union([
  z.strictObject({ name: z.string(), version: z.string(), reason: z.string() }),
  z.strictObject({ name: z.string(), allVersions: z.literal(true), reason: z.string() }),
]);

const revocationJson = (revocation: { id: string; reason: string; revokedAt: Date; version: { serverName: string; version: string } }) => ({
  id: revocation.id,
  name: revocation.version.serverName,
  version: revocation.version.version,
  reason: revocation.reason,
  revokedAt: revocation.revokedAt.toISOString(),
});

/** An admin revokes one published version (`{name, version, reason}`) or every one of a server (`{name, allVersions: true, reason}`). */
export const POST = withProblems(async (request: Request) => {
  const admin = requireAdmin(await principalOf(request));
  const body = parseInput(revocationBody, await readJsonBody(request), "revocation");
  const revocations =
    "allVersions" in body
      ? await revokeServer({ serverName: body.name, adminId: admin.user.id, reason: body.reason })
      : [await revokePublishedVersion({ serverName: body.name, version: body.version, adminId: admin.user.id, reason: body.reason })];
  return json({ revocations: revocations.map(revocationJson) }, { status: 201 });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

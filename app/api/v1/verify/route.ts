import { z } from "zod";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { digestBody, readJsonBody } from "@/lib/http/read-json-body";
import { parseInput } from "@/lib/validation/parse-input";
import { verifyRegistryVersion } from "@/lib/verification/verify-registry-version";

export const dynamic = "force-dynamic";

// npm itself refuses larger packages than a few hundred MB; a verification needs no more than this.
const MAX_TARBALL_BYTES = 64 * 1024 * 1024;

const target = z.object({ name: z.string().min(1).max(300), version: z.string().min(1).max(300), integrity: z.string().min(1).max(1000).optional() });

/**
 * Verifies a published version: `{name, version, integrity?}` as JSON, or the tarball itself
 * (`application/octet-stream`, at most 64 MiB, hashed as it arrives and never kept) with
 * `?name=&version=`. Always 200 with
 * `{verified, reasons, ...}` once the request is well formed.
 */
export const POST = withProblems(async (request: Request) => {
  const type = request.headers.get("content-type") ?? "";
  if (/^application\/(octet-stream|gzip|x-gzip|x-tar)\b/.test(type)) {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const { name, version, integrity } = parseInput(target, query, "verification request");
    return json(await verifyRegistryVersion({ name, version, integrity, tarball: await digestBody(request, MAX_TARBALL_BYTES) }));
  }
  return json(await verifyRegistryVersion(parseInput(target, await readJsonBody(request), "verification request")));
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");

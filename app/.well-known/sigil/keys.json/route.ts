import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { keysDocument } from "@/lib/signing/keys-document";

export const dynamic = "force-dynamic";

/** The registry's public signing keys (npm's keys.json shape), for clients to pin. */
export const GET = withProblems(async () => json(await keysDocument(), { headers: { "cache-control": "public, max-age=300" } }));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

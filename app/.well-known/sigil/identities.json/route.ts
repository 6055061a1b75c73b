import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { identitiesDocument } from "@/lib/signing/trust-documents";

export const dynamic = "force-dynamic";

/** The keyless identities this registry signs as (issuer and exact SAN, with validity), for clients to pin. */
export const GET = withProblems(async () => json(await identitiesDocument(), { headers: { "cache-control": "public, max-age=300" } }));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

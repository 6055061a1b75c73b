import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { trustedRootDocument } from "@/lib/signing/trust-documents";

export const dynamic = "force-dynamic";

/** The Sigstore TrustedRoot of this registry's signatures (timestamp authorities, CAs, logs), for clients to pin. */
export const GET = withProblems(async () => json(await trustedRootDocument(), { headers: { "cache-control": "public, max-age=300" } }));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

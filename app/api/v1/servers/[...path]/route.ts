import { BUNDLE_V03_MEDIA_TYPE } from "@sigstore/bundle";
import { notFound } from "@/lib/errors";
import { methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { findPublication } from "@/lib/registry/find-publication";
import { parseArtifactPath } from "@/lib/registry/registry-path";

export const dynamic = "force-dynamic";

/**
 * A published version's Sigstore bundle (`.../bundle`) or the scan report it signs
 * (`.../report`). Both never change, so they may be cached for good.
 */
export const GET = withProblems(async (request: Request) => {
  const { pathname } = new URL(request.url);
  const route = parseArtifactPath(pathname);
  if (!route) throw notFound(`No resource at ${pathname}.`);
  const publication = await findPublication(route.serverName, route.version);
  const headers = { "cache-control": "public, max-age=31536000, immutable" };
  if (route.artifact === "bundle") {
    return new Response(JSON.stringify(publication.attestation.bundle), { headers: { ...headers, "content-type": BUNDLE_V03_MEDIA_TYPE } });
  }
  if (!publication.report) throw notFound(`The scan report of ${route.serverName} version ${route.version} is not stored.`);
  return new Response(JSON.stringify(publication.report.report), { headers: { ...headers, "content-type": "application/json" } });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

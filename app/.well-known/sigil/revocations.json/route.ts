import { BUNDLE_V03_MEDIA_TYPE } from "@sigstore/bundle";
import { methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { currentRevocationList } from "@/lib/revocations/revocation-list";

export const dynamic = "force-dynamic";

/**
 * The signed revocation list: a Sigstore bundle (DSSE) over the list of revoked versions, with
 * its issue and expiry times. Offline clients refresh it and refuse one that has expired.
 */
export const GET = withProblems(async () => {
  const list = await currentRevocationList();
  return new Response(JSON.stringify(list.bundle), { headers: { "content-type": BUNDLE_V03_MEDIA_TYPE, "cache-control": "public, max-age=60" } });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

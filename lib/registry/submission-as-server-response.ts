import type { ServerVersion } from "@/lib/db/generated/client";
import { REVIEW_META_KEY } from "@/lib/registry/review-meta";

/**
 * What `POST /v0.1/publish` answers: the official ServerResponse shape, with the server as
 * submitted. It is not published yet, so the official status block is absent and Sigil's own
 * block says where the review stands.
 */
export function submissionAsServerResponse(version: ServerVersion, baseUrl: string) {
  return {
    server: version.serverJson as Record<string, unknown>,
    _meta: {
      [REVIEW_META_KEY]: {
        status: "submitted",
        submissionId: version.id,
        submissionUrl: `${baseUrl}/api/v1/submissions/${version.id}`,
        note: "Submitted for scanning and review; it is listed once a reviewer approves it and it is published.",
      },
    },
  };
}

import { requireTokenScope } from "@/lib/auth/authorize";
import type { Principal } from "@/lib/auth/principal";
import { parseServerJson } from "@/lib/validation/server-json";
import { namespaceOf, submitParsedVersion } from "@/lib/versions/submit-version";

/** A submission by a signed-in maintainer or an API token with the submit scope for the server's namespace. */
export async function submitFor(principal: Principal, document: unknown) {
  const server = parseServerJson(document);
  requireTokenScope(principal, "submit", namespaceOf(server.name));
  return submitParsedVersion(document, server, principal.user.id);
}

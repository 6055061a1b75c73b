import * as apiFallback from "@/app/api/[[...rest]]/route";
import * as audit from "@/app/api/v1/audit/route";
import * as auditVerify from "@/app/api/v1/audit/verify/route";
import * as claimVerify from "@/app/api/v1/namespaces/claims/[id]/verify/route";
import * as claims from "@/app/api/v1/namespaces/claims/route";
import * as imports from "@/app/api/v1/imports/route";
import * as namespaces from "@/app/api/v1/namespaces/route";
import * as health from "@/app/api/v1/health/route";
import * as reviewQueue from "@/app/api/v1/review-queue/route";
import * as submission from "@/app/api/v1/submissions/[id]/route";
import * as rescan from "@/app/api/v1/submissions/[id]/rescan/route";
import * as reviews from "@/app/api/v1/submissions/[id]/reviews/route";
import * as withdraw from "@/app/api/v1/submissions/[id]/withdraw/route";
import * as submissions from "@/app/api/v1/submissions/route";
import * as token from "@/app/api/v1/tokens/[id]/route";
import * as tokens from "@/app/api/v1/tokens/route";
import * as userRoles from "@/app/api/v1/users/[id]/roles/route";
import * as users from "@/app/api/v1/users/route";
import * as keysJson from "@/app/.well-known/sigil/keys.json/route";
import * as identitiesJson from "@/app/.well-known/sigil/identities.json/route";
import * as revocationsJson from "@/app/.well-known/sigil/revocations.json/route";
import * as trustedRootJson from "@/app/.well-known/sigil/trusted_root.json/route";
import * as publishing from "@/app/api/v1/publishing/route";
import * as revocations from "@/app/api/v1/revocations/route";
import * as serverArtifacts from "@/app/api/v1/servers/[...path]/route";
import * as compromisedKeys from "@/app/api/v1/signing-keys/compromised/route";
import * as verify from "@/app/api/v1/verify/route";
import * as openapi from "@/app/openapi.yaml/route";
import * as v0Publish from "@/app/v0/publish/route";
import * as v0 from "@/app/v0/[[...path]]/route";
import * as v01Publish from "@/app/v0.1/publish/route";
import * as v01 from "@/app/v0.1/[[...path]]/route";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
// Every dynamic segment of these routes is called `id`.
type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
type RouteModule = Partial<Record<Method, Handler>>;

// The route table of the app, as Next.js resolves it for these paths (static segments first).
const routes: [RegExp, RouteModule, string][] = [
  [/^\/v0\.1\/publish$/, v01Publish, "app/v0.1/publish/route.ts"],
  [/^\/v0\/publish$/, v0Publish, "app/v0/publish/route.ts"],
  [/^\/v0\.1(\/|$)/, v01, "app/v0.1/[[...path]]/route.ts"],
  [/^\/v0(\/|$)/, v0, "app/v0/[[...path]]/route.ts"],
  [/^\/openapi\.yaml$/, openapi, "app/openapi.yaml/route.ts"],
  [/^\/\.well-known\/sigil\/keys\.json$/, keysJson, "app/.well-known/sigil/keys.json/route.ts"],
  [/^\/\.well-known\/sigil\/trusted_root\.json$/, trustedRootJson, "app/.well-known/sigil/trusted_root.json/route.ts"],
  [/^\/\.well-known\/sigil\/identities\.json$/, identitiesJson, "app/.well-known/sigil/identities.json/route.ts"],
  [/^\/\.well-known\/sigil\/revocations\.json$/, revocationsJson, "app/.well-known/sigil/revocations.json/route.ts"],
  [/^\/api\/v1\/servers\/.+$/, serverArtifacts, "app/api/v1/servers/[...path]/route.ts"],
  [/^\/api\/v1\/verify$/, verify, "app/api/v1/verify/route.ts"],
  [/^\/api\/v1\/revocations$/, revocations, "app/api/v1/revocations/route.ts"],
  [/^\/api\/v1\/publishing$/, publishing, "app/api/v1/publishing/route.ts"],
  [/^\/api\/v1\/signing-keys\/compromised$/, compromisedKeys, "app/api/v1/signing-keys/compromised/route.ts"],
  [/^\/api\/v1\/health$/, health, "app/api/v1/health/route.ts"],
  [/^\/api\/v1\/submissions$/, submissions, "app/api/v1/submissions/route.ts"],
  [/^\/api\/v1\/submissions\/(?<id>[^/]+)$/, submission, "app/api/v1/submissions/[id]/route.ts"],
  [/^\/api\/v1\/submissions\/(?<id>[^/]+)\/withdraw$/, withdraw, "app/api/v1/submissions/[id]/withdraw/route.ts"],
  [/^\/api\/v1\/submissions\/(?<id>[^/]+)\/reviews$/, reviews, "app/api/v1/submissions/[id]/reviews/route.ts"],
  [/^\/api\/v1\/submissions\/(?<id>[^/]+)\/rescan$/, rescan, "app/api/v1/submissions/[id]/rescan/route.ts"],
  [/^\/api\/v1\/review-queue$/, reviewQueue, "app/api/v1/review-queue/route.ts"],
  [/^\/api\/v1\/users$/, users, "app/api/v1/users/route.ts"],
  [/^\/api\/v1\/users\/(?<id>[^/]+)\/roles$/, userRoles, "app/api/v1/users/[id]/roles/route.ts"],
  [/^\/api\/v1\/tokens$/, tokens, "app/api/v1/tokens/route.ts"],
  [/^\/api\/v1\/tokens\/(?<id>[^/]+)$/, token, "app/api/v1/tokens/[id]/route.ts"],
  [/^\/api\/v1\/audit$/, audit, "app/api/v1/audit/route.ts"],
  [/^\/api\/v1\/audit\/verify$/, auditVerify, "app/api/v1/audit/verify/route.ts"],
  [/^\/api\/v1\/namespaces$/, namespaces, "app/api/v1/namespaces/route.ts"],
  [/^\/api\/v1\/imports$/, imports, "app/api/v1/imports/route.ts"],
  [/^\/api\/v1\/namespaces\/claims$/, claims, "app/api/v1/namespaces/claims/route.ts"],
  [/^\/api\/v1\/namespaces\/claims\/(?<id>[^/]+)\/verify$/, claimVerify, "app/api/v1/namespaces/claims/[id]/verify/route.ts"],
  [/^\/api(\/|$)/, apiFallback, "app/api/[[...rest]]/route.ts"],
];

/** The route file Next.js runs for `path`. */
export function routeFileOf(path: string): string | undefined {
  return routes.find(([pattern]) => pattern.test(path.split("?")[0] ?? path))?.[2];
}

export interface ApiResult {
  status: number;
  contentType: string;
  body: unknown;
  text: string;
}

export const TEST_ORIGIN = "http://registry.test";

/** Calls the route handler that Next.js would run for `path`, as a real Request from the registry's own origin. */
export async function callApi(path: string, method: Method = "GET", init: { headers?: Record<string, string>; body?: unknown } = {}): Promise<ApiResult> {
  const pathname = path.split("?")[0] ?? path;
  const match = routes.map(([pattern, module]) => ({ groups: pattern.exec(pathname), module })).find(({ groups }) => groups);
  const handler = match?.module[method];
  if (!match || !handler) throw new Error(`no ${method} route for ${path}`);
  const headers = { host: "registry.test", ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers };
  const body = init.body === undefined ? undefined : typeof init.body === "string" ? init.body : Buffer.isBuffer(init.body) ? new Uint8Array(init.body) : JSON.stringify(init.body);
  const response = await handler(new Request(`${TEST_ORIGIN}${path}`, { method, headers, body }), { params: Promise.resolve({ id: match.groups!.groups?.id ?? "" }) });
  const text = await response.text();
  const contentType = response.headers.get("content-type") ?? "";
  const parsed = /json/.test(contentType) && text ? JSON.parse(text) : undefined;
  return { status: response.status, contentType, body: parsed, text };
}

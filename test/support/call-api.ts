import * as apiFallback from "@/app/api/[[...rest]]/route";
import * as health from "@/app/api/v1/health/route";
import * as openapi from "@/app/openapi.yaml/route";
import * as v0 from "@/app/v0/[[...path]]/route";
import * as v01 from "@/app/v0.1/[[...path]]/route";

type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", (request: Request) => Promise<Response>>>;

// The route table of the app, as Next.js resolves it for these paths.
const routes: [RegExp, RouteModule][] = [
  [/^\/v0\.1(\/|$)/, v01],
  [/^\/v0(\/|$)/, v0],
  [/^\/openapi\.yaml$/, openapi],
  [/^\/api\/v1\/health$/, health],
  [/^\/api(\/|$)/, apiFallback],
];

export interface ApiResult {
  status: number;
  contentType: string;
  body: unknown;
  text: string;
}

/** Calls the route handler that Next.js would run for `path`, as a real Request. */
export async function callApi(path: string, method: keyof RouteModule = "GET"): Promise<ApiResult> {
  const pathname = path.split("?")[0] ?? path;
  const route = routes.find(([pattern]) => pattern.test(pathname));
  const handler = route?.[1][method];
  if (!handler) throw new Error(`no ${method} route for ${path}`);
  const response = await handler(new Request(`http://registry.test${path}`, { method }));
  const text = await response.text();
  const contentType = response.headers.get("content-type") ?? "";
  const body = /json/.test(contentType) ? JSON.parse(text) : undefined;
  return { status: response.status, contentType, body, text };
}

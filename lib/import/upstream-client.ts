import { z } from "zod";
import { badRequest, SigilError } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/validation/field-path";
import { isPlainText } from "@/lib/validation/storable-text";

/** The `_meta` key of the official registry's own metadata on each entry. */
export const OFFICIAL_META_KEY = "io.modelcontextprotocol.registry/official";

/** How much one request to an upstream may take. */
export interface RequestLimits {
  /** For the whole request, body included. */
  timeoutMs: number;
  maxResponseBytes: number;
}

/** One entry of `GET /v0.1/servers`: the server.json (validated later, on its own) and the registry's metadata. */
const serverResponse = z.looseObject({
  server: z.custom<unknown>((value) => value !== undefined, { message: "is required" }),
  _meta: z
    .looseObject({
      [OFFICIAL_META_KEY]: z.looseObject({ status: z.string().optional() }).optional(),
    })
    .optional(),
});

/** The official `ServerList` (../shared/reference/registry-openapi.yaml), read loosely: extra fields are allowed. */
const serverList = z.looseObject({
  servers: z.array(serverResponse, { message: "must be an array of server entries" }),
  metadata: z
    .looseObject({
      // Sigil stores the cursor to continue a run that stopped at its caps.
      nextCursor: z.string().max(1024, "must be at most 1024 characters").refine(isPlainText, "must not contain control characters").nullish(),
      count: z.number().optional(),
    })
    .optional(),
});

export type ServerList = z.infer<typeof serverList>;
export type UpstreamEntry = ServerList["servers"][number];

export interface PageQuery {
  cursor?: string | null;
  updatedSince?: Date | null;
  limit: number;
}

/** The upstream could not be reached, or did not answer as an MCP registry does. */
export const upstreamFailed = (detail: string, errors: { location: string; message: string }[] = []) =>
  new SigilError(502, "Bad Gateway", detail, errors);

const upstreamTimedOut = (detail: string) => new SigilError(504, "Gateway Timeout", detail);

/**
 * An upstream registry's base URL as its clients use it (they append `/v0.1/servers`):
 * http(s), no credentials, query or fragment, without a trailing slash.
 */
export function normaliseUpstreamUrl(input: string): string {
  const refuse = (message: string) => badRequest(`Invalid upstream registry URL: ${message}`, [{ location: "upstreamUrl", message }]);
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw refuse("must be an absolute http:// or https:// URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw refuse("must be an absolute http:// or https:// URL");
  if (url.username || url.password) throw refuse("must not contain credentials");
  if (url.search || url.hash) throw refuse("must be the registry's base URL, without a query or fragment");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** The body as text, refusing more than `maxBytes` (announced or actually sent). */
async function readCapped(response: Response, maxBytes: number, what: string): Promise<string> {
  const tooLarge = () => upstreamFailed(`${what} answered more than ${maxBytes} bytes for one page; that is not a registry page.`);
  const announced = Number(response.headers.get("content-length"));
  if (announced > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw upstreamFailed(`${what} answered bytes that are not UTF-8 text, not the MCP registry API.`);
  }
}

function describeFailure(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * Reads one page of `GET {upstream}/v0.1/servers`, within the request limits. Throws a 502 or
 * 504 SigilError that says what went wrong when the upstream cannot be reached, times out,
 * answers an HTTP error, or answers something that is not the registry API's ServerList.
 */
export async function fetchServerPage(upstreamUrl: string, query: PageQuery, limits: RequestLimits): Promise<ServerList> {
  const url = new URL(`${upstreamUrl}/v0.1/servers`);
  url.searchParams.set("limit", String(query.limit));
  if (query.cursor) url.searchParams.set("cursor", query.cursor);
  if (query.updatedSince) url.searchParams.set("updated_since", query.updatedSince.toISOString());
  const what = `The upstream registry at ${upstreamUrl}`;
  const seconds = `${Math.round(limits.timeoutMs / 100) / 10} s`;
  const timedOut = () => upstreamTimedOut(`${what} did not answer GET /v0.1/servers within ${seconds}.`);
  let text: string;
  try {
    // An admin chose the upstream, not where it redirects to: no redirect is followed.
    const response = await fetch(url, { headers: { accept: "application/json" }, redirect: "manual", signal: AbortSignal.timeout(limits.timeoutMs) });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => undefined);
      throw upstreamFailed(`${what} answered GET /v0.1/servers with a redirect (HTTP ${response.status}); Sigil follows none: give the registry's own URL.`);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw upstreamFailed(`${what} answered HTTP ${response.status} to GET /v0.1/servers: it is not an MCP registry, or it is failing.`);
    }
    text = await readCapped(response, limits.maxResponseBytes, what);
  } catch (error) {
    if (error instanceof SigilError) throw error;
    if (error instanceof Error && error.name === "TimeoutError") throw timedOut();
    throw upstreamFailed(`${what} could not be reached: ${describeFailure(error)}.`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw upstreamFailed(`${what} answered GET /v0.1/servers with something that is not JSON, so not the MCP registry API.`);
  }
  const parsed = serverList.safeParse(body);
  if (!parsed.success) {
    const errors = fieldErrorsOf(parsed.error).slice(0, 20);
    throw upstreamFailed(
      `${what} answered GET /v0.1/servers with JSON that is not the MCP registry API's server list: ${errors
        .slice(0, 3)
        .map((e) => `${e.location}: ${e.message}`)
        .join("; ")}.`,
      errors,
    );
  }
  if (parsed.data.servers.length > query.limit) {
    throw upstreamFailed(`${what} answered ${parsed.data.servers.length} servers for limit=${query.limit}; the MCP registry API never exceeds the limit.`);
  }
  return parsed.data;
}

import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

// The official examples, as copied into the repository; test/unit/server-json.test.ts checks
// they are byte for byte those of ../shared/reference/examples when that folder is present.
const EXAMPLES = path.resolve("test/fixtures/mcp-registry/examples");

/** The reference server.json examples, parsed, by file name. */
export function referenceExamples(): { file: string; document: Record<string, unknown> }[] {
  return fs
    .readdirSync(EXAMPLES)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({ file, document: JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), "utf8")) as Record<string, unknown> }));
}

/** One version the upstream holds: its server.json (anything, to serve invalid ones too) and registry metadata. */
export interface UpstreamVersion {
  server: unknown;
  updatedAt: Date;
  status?: "active" | "deprecated" | "deleted";
}

/** One request the upstream received: its path and query parameters, and the cursor it answered with. */
export interface UpstreamRequest {
  path: string;
  query: Record<string, string>;
  nextCursor?: string;
}

/** Answers a request instead of the registry (a failure); returns false to let the registry answer. */
export type UpstreamOverride = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

const nameOf = (v: UpstreamVersion) => String((v.server as { name?: unknown })?.name ?? "");
const versionOf = (v: UpstreamVersion) => String((v.server as { version?: unknown })?.version ?? "");
const compare = (a: UpstreamVersion, b: UpstreamVersion) =>
  nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : versionOf(a) < versionOf(b) ? -1 : versionOf(a) > versionOf(b) ? 1 : 0;

// Opaque to clients, as upstream's are: the last (name, version) of the page.
const encodeCursor = (v: UpstreamVersion) => Buffer.from(JSON.stringify([nameOf(v), versionOf(v)])).toString("base64url");
const decodeCursor = (cursor: string) => JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];

/**
 * An MCP registry on 127.0.0.1 answering `GET /v0.1/servers` as the official one does: entries in
 * (name, version) order, `limit` (default 30, at most 100), an opaque `cursor` naming the last
 * entry of the previous page, and `updated_since` (entries updated after it, deleted ones
 * included). Every request is recorded. `override` answers requests first, for failures.
 */
export async function startFakeUpstreamRegistry(initial: UpstreamVersion[] = []) {
  const versions = [...initial];
  const requests: UpstreamRequest[] = [];
  const state: { override?: UpstreamOverride } = {};
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://upstream.test");
    const request: UpstreamRequest = { path: url.pathname, query: Object.fromEntries(url.searchParams) };
    requests.push(request);
    if (state.override?.(req, res)) return;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": status < 400 ? "application/json" : "application/problem+json" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "GET" || url.pathname !== "/v0.1/servers") return json(404, { title: "Not Found", status: 404, detail: "no such resource" });
    const limit = Math.min(Number(url.searchParams.get("limit") ?? 30), 100);
    const since = url.searchParams.get("updated_since");
    const cursor = url.searchParams.get("cursor");
    const after = cursor ? decodeCursor(cursor) : undefined;
    const matching = versions
      .filter((v) => (since ? v.updatedAt > new Date(since) : v.status !== "deleted"))
      .sort(compare)
      .filter((v) => !after || nameOf(v) > after[0] || (nameOf(v) === after[0] && versionOf(v) > after[1]));
    const page = matching.slice(0, limit);
    if (matching.length > limit) request.nextCursor = encodeCursor(page.at(-1)!);
    json(200, {
      servers: page.map((v) => ({
        server: v.server,
        _meta: {
          "io.modelcontextprotocol.registry/official": {
            status: v.status ?? "active",
            publishedAt: "2025-09-01T00:00:00Z",
            updatedAt: v.updatedAt.toISOString(),
            isLatest: true,
          },
        },
      })),
      metadata: { count: page.length, ...(request.nextCursor ? { nextCursor: request.nextCursor } : {}) },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** What the upstream holds; push to publish, or replace an entry to change it. */
    versions,
    requests,
    /** Answer requests with this first (undefined: the registry answers every request). */
    set override(handler: UpstreamOverride | undefined) {
      state.override = handler;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

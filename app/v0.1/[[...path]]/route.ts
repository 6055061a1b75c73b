import { notFound } from "@/lib/errors";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { findServerVersion, listServerVersions, listVersionsOfServer } from "@/lib/registry/find-versions";
import { includeDeletedParams, listServersParams, parseQuery } from "@/lib/registry/list-params";
import { parseRegistryPath } from "@/lib/registry/registry-path";
import { toServerList, toServerResponse } from "@/lib/registry/server-response";
import { registryBaseUrl } from "@/lib/web/base-url";

export const dynamic = "force-dynamic";

/** The official MCP registry read API (`/v0.1/...`, and `/v0/...` through the alias route). */
export const GET = withProblems(async (request: Request) => {
  const url = new URL(request.url);
  const route = parseRegistryPath(url.pathname);
  if (!route) throw notFound(`No registry resource at ${url.pathname}.`);
  const baseUrl = registryBaseUrl(request.headers);
  switch (route.kind) {
    case "list": {
      const q = parseQuery(listServersParams, url.searchParams);
      const page = await listServerVersions({
        cursor: q.cursor,
        limit: q.limit,
        search: q.search,
        updatedSince: q.updated_since,
        version: q.version,
        includeDeleted: q.include_deleted,
      });
      return json(toServerList(page.versions, baseUrl, page.nextCursor));
    }
    case "versions": {
      const q = parseQuery(includeDeletedParams, url.searchParams);
      return json(toServerList(await listVersionsOfServer(route.serverName, q.include_deleted), baseUrl));
    }
    case "version": {
      const q = parseQuery(includeDeletedParams, url.searchParams);
      return json(toServerResponse(await findServerVersion(route.serverName, route.version, q.include_deleted), baseUrl));
    }
  }
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");

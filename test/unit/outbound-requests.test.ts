import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_IMPORT_LIMITS } from "@/lib/import/import-upstream";
import { fetchServerPage } from "@/lib/import/upstream-client";
import { checkHttpProof } from "@/lib/namespaces/http-proof";

describe("requests Sigil makes on behalf of users", () => {
  let server: http.Server;
  let origin: string;
  beforeAll(async () => {
    server = http.createServer((_request, response) => response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("never fetches a namespace proof from a domain that points at a private address", async () => {
    const result = await checkHttpProof("localhost", "sigil-verification=x");
    expect(result).toEqual({ ok: false, checked: "https://localhost/.well-known/sigil-verification", found: expect.stringContaining("resolves to an address that is not public (") });
  });

  it("follows no redirect from an upstream registry", async () => {
    await expect(fetchServerPage(origin, { limit: 10 }, DEFAULT_IMPORT_LIMITS)).rejects.toMatchObject({ status: 502, detail: expect.stringContaining("with a redirect (HTTP 302); Sigil follows none") });
  });
});

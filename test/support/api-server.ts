import http from "node:http";
import type { AddressInfo } from "node:net";
import { callApi } from "./call-api";

/**
 * The registry's route handlers behind a real HTTP server on 127.0.0.1, against the test's
 * database, for clients that speak HTTP (the `sigil` CLI). `override` answers chosen paths
 * itself: a registry that misbehaves.
 */
export async function startApiServer(override: (path: string) => { status: number; type: string; body: string } | undefined = () => undefined) {
  const server = http.createServer(async (req, res) => {
    const path = req.url ?? "/";
    const replaced = override(path.split("?")[0]!);
    if (replaced) {
      res.writeHead(replaced.status, { "content-type": replaced.type });
      res.end(replaced.body);
      return;
    }
    try {
      // Links the registry writes (bundle and report URLs) point back here.
      const result = await callApi(path, (req.method ?? "GET") as "GET", { headers: { host: req.headers.host ?? "" } });
      res.writeHead(result.status, { "content-type": result.contentType });
      res.end(result.text);
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end((error as Error).message);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";

export interface LocalPackage {
  name: string;
  version: string;
  /** What the registry serves as the tarball (packuments alone suffice for dependency trees). */
  tarball?: Buffer;
  /** What the packument claims as dist.integrity. */
  integrity?: string;
  dependencies?: Record<string, string>;
  deprecated?: string;
  hasInstallScript?: boolean;
  /** The runtimes the version says it needs (`{ node: ">=22" }`), which npm prefers to match. */
  engines?: Record<string, string>;
}

/** An advisory as npm's bulk endpoint returns it. */
export interface LocalAdvisory {
  id: number;
  title: string;
  url: string;
  severity: "low" | "moderate" | "high" | "critical";
  vulnerable_versions: string;
}

export interface LocalRegistryOptions {
  /** The port on 127.0.0.1; any free one when unset. */
  port?: number;
  /** Advisories by package name, for POST /-/npm/v1/security/advisories/bulk. */
  advisories?: Record<string, LocalAdvisory[]>;
  /** Answer the advisory endpoint with this status instead (the mirror here answers 405). */
  auditStatus?: number;
  /** Awaited before a tarball is served: a slow or stuck download. */
  beforeTarball?: (pkg: LocalPackage) => Promise<void>;
}

/**
 * An npm registry on 127.0.0.1 for the demo and the tests: packuments, tarballs, and the bulk
 * advisory endpoint that Arborist's audit posts to (a gzipped `{name: [versions]}` body).
 */
export async function startLocalNpmRegistry(packages: LocalPackage[], options: LocalRegistryOptions = {}) {
  const auditRequests: Record<string, string[]>[] = [];
  const packumentRequests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? "").split("?")[0]!);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "POST" && url === "/-/npm/v1/security/advisories/bulk") {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        if (options.auditStatus) return json(options.auditStatus, { error: "audit not available" });
        const raw = Buffer.concat(chunks);
        const body = JSON.parse((req.headers["content-encoding"] === "gzip" ? zlib.gunzipSync(raw) : raw).toString()) as Record<string, string[]>;
        auditRequests.push(body);
        const answer: Record<string, LocalAdvisory[]> = {};
        for (const name of Object.keys(body)) if (options.advisories?.[name]) answer[name] = options.advisories[name]!;
        json(200, answer);
      });
      return;
    }
    const tarballOf = (pkg: LocalPackage) => `/${pkg.name}/-/${pkg.name.split("/").pop()}-${pkg.version}.tgz`;
    const tarball = packages.find((pkg) => pkg.tarball && tarballOf(pkg) === url);
    if (tarball) {
      void (options.beforeTarball?.(tarball) ?? Promise.resolve()).then(() => {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.end(tarball.tarball);
      });
      return;
    }
    packumentRequests.push(url.slice(1));
    const versions = packages.filter((pkg) => `/${pkg.name}` === url);
    if (versions.length === 0) return json(404, { error: "not found" });
    const packument = {
      name: versions[0]!.name,
      "dist-tags": { latest: versions.at(-1)!.version },
      versions: Object.fromEntries(
        versions.map((pkg) => [
          pkg.version,
          {
            name: pkg.name,
            version: pkg.version,
            dependencies: pkg.dependencies ?? {},
            ...(pkg.deprecated ? { deprecated: pkg.deprecated } : {}),
            ...(pkg.engines ? { engines: pkg.engines } : {}),
            ...(pkg.hasInstallScript ? { hasInstallScript: true, scripts: { postinstall: "node setup.js" } } : {}),
            dist: { tarball: `${base}${tarballOf(pkg)}`, ...(pkg.integrity ? { integrity: pkg.integrity } : {}) },
          },
        ]),
      ),
    };
    json(200, packument);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(options.port ?? 0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    auditRequests,
    /** The names whose packuments were asked for, in order. */
    packumentRequests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

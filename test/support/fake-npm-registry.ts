import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import * as tar from "tar";
import { digestTarball } from "@/scanner/target/tarball-digests";

/** A package tarball as npm packs it (`package/` root), from a map of file contents. */
export async function packTarball(files: Record<string, string>): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-pack-"));
  try {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, "package", name)), { recursive: true });
      fs.writeFileSync(path.join(dir, "package", name), content);
    }
    const out = path.join(dir, "out.tgz");
    await tar.create({ gzip: true, cwd: dir, file: out, portable: true }, ["package"]);
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A fixture package folder (test/fixtures/packages/...) packed as npm would. */
export async function packDirectory(dir: string): Promise<Buffer> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile()) files[path.relative(dir, file)] = fs.readFileSync(file, "utf8");
  }
  return packTarball(files);
}

/** A fixture package folder as the registry serves it, with the integrity npm would publish. */
export async function fixturePackage(dir: string): Promise<FakePackage> {
  const tarball = await packDirectory(dir);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name: string; version: string };
  return { name: manifest.name, version: manifest.version, tarball, integrity: digestTarball(tarball).integrity };
}

export interface FakePackage {
  name: string;
  version: string;
  /** What the registry serves as the tarball (packuments alone suffice for dependency trees). */
  tarball?: Buffer;
  /** What the packument claims as dist.integrity. */
  integrity?: string;
  dependencies?: Record<string, string>;
  deprecated?: string;
  hasInstallScript?: boolean;
}

/** An advisory as npm's bulk endpoint returns it. */
export interface FakeAdvisory {
  id: number;
  title: string;
  url: string;
  severity: "low" | "moderate" | "high" | "critical";
  vulnerable_versions: string;
}

export interface FakeRegistryOptions {
  /** Advisories by package name, for POST /-/npm/v1/security/advisories/bulk. */
  advisories?: Record<string, FakeAdvisory[]>;
  /** Answer the advisory endpoint with this status instead (the mirror here answers 405). */
  auditStatus?: number;
  /** Awaited before a tarball is served: a slow or stuck download. */
  beforeTarball?: (pkg: FakePackage) => Promise<void>;
}

/**
 * An npm registry on 127.0.0.1: packuments, tarballs, and the bulk advisory endpoint that
 * Arborist's audit posts to (a gzipped `{name: [versions]}` body).
 */
export async function startFakeRegistry(packages: FakePackage[], options: FakeRegistryOptions = {}) {
  const auditRequests: Record<string, string[]>[] = [];
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
        const answer: Record<string, FakeAdvisory[]> = {};
        for (const name of Object.keys(body)) if (options.advisories?.[name]) answer[name] = options.advisories[name]!;
        json(200, answer);
      });
      return;
    }
    const tarballOf = (pkg: FakePackage) => `/${pkg.name}/-/${pkg.name.split("/").pop()}-${pkg.version}.tgz`;
    const tarball = packages.find((pkg) => pkg.tarball && tarballOf(pkg) === url);
    if (tarball) {
      void (options.beforeTarball?.(tarball) ?? Promise.resolve()).then(() => {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.end(tarball.tarball);
      });
      return;
    }
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
            ...(pkg.hasInstallScript ? { hasInstallScript: true, scripts: { postinstall: "node setup.js" } } : {}),
            dist: { tarball: `${base}${tarballOf(pkg)}`, ...(pkg.integrity ? { integrity: pkg.integrity } : {}) },
          },
        ]),
      ),
    };
    json(200, packument);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    auditRequests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

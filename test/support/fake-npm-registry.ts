import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import * as tar from "tar";

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

export interface FakePackage {
  name: string;
  version: string;
  /** What the registry serves as the tarball. */
  tarball: Buffer;
  /** What the packument claims as dist.integrity. */
  integrity: string;
}

/** An npm registry on 127.0.0.1 that serves the given packages' packuments and tarballs. */
export async function startFakeRegistry(packages: FakePackage[]): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? "");
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const pkg of packages) {
      const tarballPath = `/${pkg.name}/-/${pkg.name.split("/").pop()}-${pkg.version}.tgz`;
      if (url === tarballPath) {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.end(pkg.tarball);
        return;
      }
      if (url === `/${pkg.name}`) {
        const version = { name: pkg.name, version: pkg.version, dist: { tarball: `${base}${tarballPath}`, integrity: pkg.integrity } };
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ name: pkg.name, "dist-tags": { latest: pkg.version }, versions: { [pkg.version]: version } }));
        return;
      }
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "not found" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

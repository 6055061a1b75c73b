import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_LIBRARY_DIR, DEMO_VERSIONS } from "@/lib/demo/demo-servers";
import { type LocalPackage, startLocalNpmRegistry } from "@/lib/npm/local-npm-registry";
import { packTarball, readPackageFiles } from "@/lib/npm/pack-package";
import { digestTarball } from "@/scanner/target/tarball-digests";

const PACKAGES_DIR = fileURLToPath(new URL("./packages/", import.meta.url));
// A package folder's `versions/<version>/` holds the files that version changes.
const VERSION_OVERLAYS = "versions";

/** A demo package folder packed at one version: its files, the version's own changes, and that version in package.json. */
async function packDemoPackage(dir: string, version?: string): Promise<LocalPackage> {
  const root = path.join(PACKAGES_DIR, dir);
  const files = readPackageFiles(root, VERSION_OVERLAYS);
  const manifest = JSON.parse(files["package.json"]!) as { name: string; version: string; dependencies?: Record<string, string> };
  const overlay = version && path.join(root, VERSION_OVERLAYS, version);
  if (overlay && fs.existsSync(overlay)) Object.assign(files, readPackageFiles(overlay));
  const packed = { ...manifest, version: version ?? manifest.version };
  files["package.json"] = `${JSON.stringify(packed, null, 2)}\n`;
  const tarball = await packTarball(files);
  return { name: packed.name, version: packed.version, tarball, integrity: digestTarball(tarball).integrity, dependencies: packed.dependencies };
}

/** Every package the demo servers name, at each version they name, and the library they share. */
export async function demoPackages(): Promise<LocalPackage[]> {
  const wanted = new Map<string, { dir: string; version: string }>();
  for (const demo of DEMO_VERSIONS) {
    const npm = (demo.serverJson.packages as { version: string }[])[0]!;
    wanted.set(`${demo.packageDir}@${npm.version}`, { dir: demo.packageDir, version: npm.version });
  }
  return [await packDemoPackage(DEMO_LIBRARY_DIR), ...(await Promise.all([...wanted.values()].map(({ dir, version }) => packDemoPackage(dir, version))))];
}

/**
 * The npm registry the demo's packages come from, on 127.0.0.1: scans fetch and audit them
 * there, and `sigil verify` downloads their tarballs from it, so the demo works offline.
 */
export async function startDemoNpmRegistry(port = 0) {
  return startLocalNpmRegistry(await demoPackages(), { port });
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tar from "tar";
import type { LocalPackage } from "@/lib/npm/local-npm-registry";
import { digestTarball } from "@/scanner/target/tarball-digests";

// npm's own fixed mtime: the same files always pack into the same bytes, so a tarball's
// integrity survives a restart of the demo.
const PACK_TIME = new Date("1985-10-26T08:15:00.000Z");

/** A package tarball as npm packs it (`package/` root, files in name order, fixed times), from a map of file contents. */
export async function packTarball(files: Record<string, string>): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-pack-"));
  try {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, "package", name)), { recursive: true });
      fs.writeFileSync(path.join(dir, "package", name), content);
    }
    const out = path.join(dir, "out.tgz");
    const entries = Object.keys(files).sort().map((name) => path.posix.join("package", name.split(path.sep).join("/")));
    await tar.create({ gzip: true, cwd: dir, file: out, portable: true, mtime: PACK_TIME }, entries);
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The text files of a folder by relative path, except those under `exclude` (a top-level folder name). */
export function readPackageFiles(dir: string, exclude?: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, file);
    if (entry.isFile() && (!exclude || relative.split(path.sep)[0] !== exclude)) files[relative] = fs.readFileSync(file, "utf8");
  }
  return files;
}

/** A fixture package folder (test/fixtures/packages/...) packed as npm would. */
export async function packDirectory(dir: string): Promise<Buffer> {
  return packTarball(readPackageFiles(dir));
}

/** A fixture package folder as the registry serves it, with the integrity npm would publish. */
export async function fixturePackage(dir: string): Promise<LocalPackage> {
  const tarball = await packDirectory(dir);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name: string; version: string };
  return { name: manifest.name, version: manifest.version, tarball, integrity: digestTarball(tarball).integrity };
}


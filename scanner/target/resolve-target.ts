import fs from "node:fs";
import path from "node:path";
import { ScanError } from "@/scanner/scan-error";
import { type FetchOptions, fetchNpmTarball } from "@/scanner/target/fetch-npm-tarball";
import { digestTarball, type TarballDigests } from "@/scanner/target/tarball-digests";

/** What a scan reads: a tarball's bytes (from npm or a file), or a package folder as it is. */
export type ScanTarget = { kind: "tarball"; bytes: Buffer; digests: TarballDigests; label: string } | { kind: "directory"; dir: string; label: string };

const TARBALL_NAME = /\.(tgz|tar\.gz|tar)$/;

/** `name@1.2.3`, a local `.tgz`, or a package directory. */
export async function resolveTarget(target: string, options: FetchOptions = {}): Promise<ScanTarget> {
  if (fs.existsSync(target)) {
    const stat = fs.statSync(target);
    if (stat.isDirectory()) {
      if (!fs.existsSync(path.join(target, "package.json"))) throw new ScanError("bad-target", `${target} is a folder without a package.json.`);
      return { kind: "directory", dir: path.resolve(target), label: target };
    }
    if (TARBALL_NAME.test(target)) {
      const bytes = fs.readFileSync(target);
      return { kind: "tarball", bytes, digests: digestTarball(bytes), label: target };
    }
    throw new ScanError("bad-target", `${target} is neither a package tarball (.tgz) nor a package folder.`);
  }
  // A path (or a file named like a tarball) that is not there is a typo, not a package to fetch.
  if ((/[\\/]/.test(target) && !target.startsWith("@")) || TARBALL_NAME.test(target)) throw new ScanError("bad-target", `${target} does not exist.`);
  const fetched = await fetchNpmTarball(target, options);
  const { bytes, integrity, sha256, size } = fetched;
  return { kind: "tarball", bytes, digests: { integrity, sha256, size }, label: `${fetched.name}@${fetched.version}` };
}

/** Every file under a package folder, without following links or entering node_modules and .git. */
export function filesOfDirectory(dir: string): { path: string; size: number }[] {
  const files: { path: string; size: number }[] = [];
  const visit = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory() && entry.name !== "node_modules" && entry.name !== ".git") visit(child);
      else if (entry.isFile()) files.push({ path: child, size: fs.statSync(path.join(dir, child)).size });
    }
  };
  visit("");
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

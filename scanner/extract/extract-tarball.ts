import fs from "node:fs";
import path from "node:path";
import { DEFAULT_EXTRACTION_LIMITS, type ExtractionLimits } from "@/scanner/extract/extraction-limits";
import { readTarball, type RefusedEntry } from "@/scanner/extract/read-tarball";

export interface ExtractedFile {
  /** Relative to the package root, with forward slashes. */
  path: string;
  size: number;
}

export interface Extraction {
  root: string;
  files: ExtractedFile[];
  /** Each extracted file's bytes, so that the analysis need not read them back from disk. */
  contents: Map<string, Buffer>;
  refused: RefusedEntry[];
  unpackedBytes: number;
}

/**
 * Unpacks a package tarball into `destination`, a new folder. The archive is read and checked
 * in memory first (readTarball); then only regular files and folders are written, by this
 * code, with modes 0644 and 0755: no link, device or FIFO is ever created, so nothing can point
 * or write outside the folder. Nothing unpacked is executed or imported.
 */
export async function extractTarball(bytes: Buffer, destination: string, limits: ExtractionLimits = DEFAULT_EXTRACTION_LIMITS): Promise<Extraction> {
  const archive = await readTarball(bytes, limits);
  fs.mkdirSync(destination, { recursive: false, mode: 0o700 });
  const root = fs.realpathSync(destination);
  const inside = (relative: string) => {
    const target = path.join(root, relative);
    if (!target.startsWith(root + path.sep)) throw new Error(`${relative} leaves the package folder`);
    return target;
  };
  for (const folder of archive.folders) fs.mkdirSync(inside(folder), { recursive: true, mode: 0o755 });
  const refused = [...archive.refused];
  const contents = new Map<string, Buffer>();
  for (const [relative, data] of archive.files) {
    try {
      fs.writeFileSync(inside(relative), data, { mode: 0o644, flag: "wx" });
      contents.set(relative, data);
    } catch {
      // Names that differ only in case, on a file system that ignores it.
      refused.push({ path: relative, type: "File", reason: "a file whose name clashes with one already extracted" });
    }
  }
  const files = [...contents].map(([relative, data]) => ({ path: relative, size: data.length }));
  return { root, files, contents, refused, unpackedBytes: files.reduce((n, f) => n + f.size, 0) };
}

import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { DEFAULT_EXTRACTION_LIMITS, type ExtractionLimits } from "@/scanner/extract/extraction-limits";
import { type ArchiveContents, readTarball, type RefusedEntry } from "@/scanner/extract/read-tarball";
import { writeFiles } from "@/scanner/extract/write-files.mjs";

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

// A worker thread takes some 30 ms to start, and the files are copied to it; writing costs about
// 0.1 ms a file and 1 ms a MB: below these, the files are written in place.
const WRITE_IN_PLACE_FILES = 100;
const WRITE_IN_PLACE_BYTES = 4 * 1024 * 1024;

function writeOnWorker(folders: string[], files: [string, string, Buffer][]): Promise<string[]> {
  return new Promise<string[]>((resolve, reject) => {
    const worker = new Worker(new URL("./write-files.mjs", import.meta.url), { execArgv: [], workerData: { task: "write-files", folders, files } });
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`The extraction stopped (exit code ${code}).`)));
  });
}

/**
 * Writes an archive that readTarball has checked into `destination`, a new folder: only its
 * regular files (mode 0644) and folders (0755). File systems are slow to create files (a
 * 14 MB package can take as long to write as to parse), so a large archive is written on a
 * worker thread while the scan analyses the bytes it already holds.
 */
export async function writeArchive(archive: ArchiveContents, destination: string): Promise<Extraction> {
  fs.mkdirSync(destination, { recursive: false, mode: 0o700 });
  const root = fs.realpathSync(destination);
  const inside = (relative: string) => {
    const target = path.join(root, relative);
    if (!target.startsWith(root + path.sep)) throw new Error(`${relative} leaves the package folder`);
    return target;
  };
  const folders = archive.folders.map(inside);
  const files = [...archive.files].map(([relative, data]): [string, string, Buffer] => [inside(relative), relative, data]);
  const bytes = files.reduce((n, [, , data]) => n + data.length, 0);
  const failed = files.length < WRITE_IN_PLACE_FILES && bytes < WRITE_IN_PLACE_BYTES ? writeFiles(folders, files) : await writeOnWorker(folders, files);
  const refused = [...archive.refused];
  const contents = new Map(archive.files);
  for (const relative of failed) {
    // Names that differ only in case, on a file system that ignores it.
    contents.delete(relative);
    refused.push({ path: relative, type: "File", reason: "a file whose name clashes with one already extracted" });
  }
  const extracted = [...contents].map(([relative, data]) => ({ path: relative, size: data.length }));
  return { root, files: extracted, contents, refused, unpackedBytes: extracted.reduce((n, f) => n + f.size, 0) };
}

/** Reads a package tarball under the extraction rules (readTarball), then writes it into `destination`, a new folder. Nothing unpacked is executed or imported. */
export async function extractTarball(bytes: Buffer, destination: string, limits: ExtractionLimits = DEFAULT_EXTRACTION_LIMITS): Promise<Extraction> {
  return writeArchive(await readTarball(bytes, limits), destination);
}

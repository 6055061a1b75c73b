import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { Parser, type ReadEntry } from "tar";
import { ScanError } from "@/scanner/scan-error";
import { checkEntryPath } from "@/scanner/extract/entry-path";
import { DEFAULT_EXTRACTION_LIMITS, type ExtractionLimits } from "@/scanner/extract/extraction-limits";

export interface ExtractedFile {
  /** Relative to the package root, with forward slashes. */
  path: string;
  size: number;
}

/** An archive entry that was not written, and why: evidence for the scan. */
export interface RefusedEntry {
  path: string;
  type: string;
  reason: string;
  linkTarget?: string;
}

export interface Extraction {
  root: string;
  files: ExtractedFile[];
  refused: RefusedEntry[];
  unpackedBytes: number;
}

const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);

// gzip, zstd and bzip2 magic numbers. node-tar's parser would inflate a compressed stream it is
// given by itself, beyond this code's byte cap: an archive compressed twice is refused.
const COMPRESSED = [Buffer.from([0x1f, 0x8b]), Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.from("BZh")];

/** Counts bytes flowing through and fails the stream past `max`, or if it is compressed again. */
function byteCap(max: number) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (seen === 0 && COMPRESSED.some((magic) => chunk.subarray(0, magic.length).equals(magic))) {
        return done(new ScanError("unsafe-archive", "The archive is compressed more than once; nested compression is refused (it would inflate beyond the scanner's limits)."));
      }
      seen += chunk.length;
      if (seen > max) done(new ScanError("unsafe-archive", `The archive inflates past ${max} bytes; extraction stopped (a decompression bomb, or a package too large to scan).`));
      else done(null, chunk);
    },
  });
}

/**
 * Unpacks a package tarball (gzip or plain tar) into `destination`, a new folder. Only regular
 * files and folders are written, by this code, with mode 0644: no link, device or FIFO is ever
 * created, so nothing can point or write outside the folder. Entries that break a rule are
 * refused and listed; limits that protect the machine end the extraction with a ScanError.
 * Nothing unpacked is executed or imported.
 */
export async function extractTarball(bytes: Buffer, destination: string, limits: ExtractionLimits = DEFAULT_EXTRACTION_LIMITS): Promise<Extraction> {
  fs.mkdirSync(destination, { recursive: false, mode: 0o700 });
  const root = fs.realpathSync(destination);
  const files = new Map<string, number>();
  const refused: RefusedEntry[] = [];
  let unpackedBytes = 0;
  let failure: Error | undefined;

  const fail = (error: Error) => {
    failure ??= error;
    parser.abort(error);
  };

  const onEntry = (entry: ReadEntry) => {
    const checked = checkEntryPath(entry.path, limits);
    const refuse = (reason: string) => {
      refused.push({ path: entry.path, type: entry.type, reason, ...(entry.linkpath ? { linkTarget: entry.linkpath } : {}) });
      entry.resume();
    };
    if (!checked.ok) return refuse(checked.reason);
    if (checked.segments.length === 0) return entry.resume(); // the package root itself
    const target = path.join(root, ...checked.segments);
    if (!target.startsWith(root + path.sep)) return refuse("path leaves the package folder");
    let existing: fs.Stats | undefined;
    try {
      existing = fs.lstatSync(target, { throwIfNoEntry: false });
    } catch {
      return refuse("a path that runs through a file already extracted");
    }
    if (entry.type === "Directory") {
      if (existing && !existing.isDirectory()) return refuse("a folder with the name of a file already extracted");
      try {
        fs.mkdirSync(target, { recursive: true, mode: 0o755 });
      } catch {
        return refuse("a folder whose path runs through a file already extracted");
      }
      return entry.resume();
    }
    if (!FILE_TYPES.has(entry.type)) {
      return refuse(entry.type === "SymbolicLink" || entry.type === "Link" ? "links are never extracted" : `${entry.type} entries are never extracted`);
    }
    if (entry.size > limits.maxFileBytes) return refuse(`file larger than ${limits.maxFileBytes} bytes is not extracted`);
    if (existing?.isDirectory()) return refuse("a file with the name of a folder already extracted");
    const relative = checked.segments.join("/");
    unpackedBytes += entry.size - (files.get(relative) ?? 0);
    files.set(relative, entry.size);
    if (files.size > limits.maxFiles) return fail(new ScanError("unsafe-archive", `The archive holds more than ${limits.maxFiles} files.`));
    if (unpackedBytes > limits.maxUnpackedBytes) return fail(new ScanError("unsafe-archive", `The archive unpacks to more than ${limits.maxUnpackedBytes} bytes.`));
    const chunks: Buffer[] = [];
    entry.on("data", (chunk: Buffer) => chunks.push(chunk));
    entry.on("end", () => {
      try {
        fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
        // A later file of the same name wins, as in tar; only a regular file is ever replaced.
        if (existing?.isFile()) fs.unlinkSync(target);
        fs.writeFileSync(target, Buffer.concat(chunks), { mode: 0o644, flag: "wx" });
      } catch {
        files.delete(relative);
        refused.push({ path: entry.path, type: entry.type, reason: "a file whose path runs through a file already extracted" });
      }
    });
  };

  const parser = new Parser({ strict: true, onReadEntry: onEntry });
  parser.on("warn", (_code: string, message: string) => fail(new ScanError("unsafe-archive", `The archive is damaged: ${message}`)));
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  try {
    await pipeline([Readable.from([bytes]), ...(gzipped ? [zlib.createGunzip()] : []), byteCap(limits.maxArchiveBytes), parser]);
  } catch (error) {
    throw failure ?? (error instanceof ScanError ? error : new ScanError("unsafe-archive", `The archive could not be read: ${(error as Error).message}`));
  }
  if (failure) throw failure;
  return { root, files: [...files].map(([p, size]) => ({ path: p, size })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), refused, unpackedBytes };
}

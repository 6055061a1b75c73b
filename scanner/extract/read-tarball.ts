import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { Parser, type ReadEntry } from "tar";
import { ScanError } from "@/scanner/scan-error";
import { checkEntryPath } from "@/scanner/extract/entry-path";
import { DEFAULT_EXTRACTION_LIMITS, type ExtractionLimits } from "@/scanner/extract/extraction-limits";

/** An archive entry that was not kept, and why: evidence for the scan. */
export interface RefusedEntry {
  path: string;
  type: string;
  reason: string;
  linkTarget?: string;
}

/** What an archive holds once its entries have passed the rules, still in memory. */
export interface ArchiveContents {
  /** Regular files by path relative to the package root (forward slashes, no `package/`), in path order. */
  files: Map<string, Buffer>;
  /** Every folder the files need, parents before children. */
  folders: string[];
  refused: RefusedEntry[];
  unpackedBytes: number;
}

const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);

// gzip, zstd and bzip2 magic numbers. node-tar's parser would inflate a compressed stream it is
// given by itself, beyond this code's byte cap: an archive compressed twice is refused.
const COMPRESSED = [Buffer.from([0x1f, 0x8b]), Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.from("BZh")];

// Inflating in 1 MB steps instead of zlib's 16 KB: a third of the time on a 14 MB package, as
// each step is a round trip to the thread pool (inflated at once, an allocation). A bomb still
// stops within a step of the cap.
const INFLATE_CHUNK_BYTES = 1024 * 1024;

// An archive that inflates to at most this is inflated in one call and parsed at once, without
// the stream's round trips (some 8 ms of a small package's scan); a larger one, or a bomb, is
// then read again as a stream, under the full cap, a step at a time.
const INFLATE_AT_ONCE_BYTES = 32 * 1024 * 1024;

/** The error for a decompressed stream that starts compressed again, if it does. */
const compressedAgain = (start: Buffer) =>
  COMPRESSED.some((magic) => start.subarray(0, magic.length).equals(magic))
    ? new ScanError("unsafe-archive", "The archive is compressed more than once; nested compression is refused (it would inflate beyond the scanner's limits).")
    : undefined;

/** Counts bytes flowing through and fails the stream past `max`, or if it is compressed again. */
function byteCap(max: number) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const nested = seen === 0 ? compressedAgain(chunk) : undefined;
      if (nested) return done(nested);
      seen += chunk.length;
      if (seen > max) done(new ScanError("unsafe-archive", `The archive inflates past ${max} bytes; extraction stopped (a decompression bomb, or a package too large to scan).`));
      else done(null, chunk);
    },
  });
}

/** A gzipped archive inflated whole, or undefined when it inflates past `max`. */
function inflateAtOnce(bytes: Buffer, max: number): Buffer | undefined {
  try {
    return zlib.gunzipSync(bytes, { maxOutputLength: max, chunkSize: INFLATE_CHUNK_BYTES });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") return undefined;
    throw error;
  }
}

const parentsOf = (relative: string) => {
  const parts = relative.split("/");
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join("/"));
};

/**
 * Reads a package tarball (gzip or plain tar) into memory under the extraction rules: only
 * regular files and folders are kept; links, devices and FIFOs, absolute paths, `..`, paths
 * that run through a file, and names that clash with a folder are refused and listed; limits
 * that protect the machine end the reading with a ScanError. Nothing in it is executed.
 */
export async function readTarball(bytes: Buffer, limits: ExtractionLimits = DEFAULT_EXTRACTION_LIMITS): Promise<ArchiveContents> {
  const files = new Map<string, Buffer>();
  const sizes = new Map<string, number>();
  const folders = new Set<string>();
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
    const relative = checked.segments.join("/");
    const parents = parentsOf(relative);
    if (parents.some((parent) => sizes.has(parent))) return refuse("a path that runs through a file already extracted");
    if (entry.type === "Directory") {
      if (sizes.has(relative)) return refuse("a folder with the name of a file already extracted");
      for (const folder of [...parents, relative]) folders.add(folder);
      return entry.resume();
    }
    if (!FILE_TYPES.has(entry.type)) {
      return refuse(entry.type === "SymbolicLink" || entry.type === "Link" ? "links are never extracted" : `${entry.type} entries are never extracted`);
    }
    if (entry.size > limits.maxFileBytes) return refuse(`file larger than ${limits.maxFileBytes} bytes is not extracted`);
    if (folders.has(relative)) return refuse("a file with the name of a folder already extracted");
    // A later file of the same name wins, as in tar.
    unpackedBytes += entry.size - (sizes.get(relative) ?? 0);
    sizes.set(relative, entry.size);
    for (const folder of parents) folders.add(folder);
    if (sizes.size > limits.maxFiles) return fail(new ScanError("unsafe-archive", `The archive holds more than ${limits.maxFiles} files.`));
    if (unpackedBytes > limits.maxUnpackedBytes) return fail(new ScanError("unsafe-archive", `The archive unpacks to more than ${limits.maxUnpackedBytes} bytes.`));
    const chunks: Buffer[] = [];
    entry.on("data", (chunk: Buffer) => chunks.push(chunk));
    // A file that arrived in one piece (all of them, when the archive was inflated at once) is
    // kept as a view of the inflated bytes: copying it would hold the archive twice.
    entry.on("end", () => files.set(relative, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
  };

  const parser = new Parser({ strict: true, onReadEntry: onEntry });
  parser.on("warn", (_code: string, message: string) => fail(new ScanError("unsafe-archive", `The archive is damaged: ${message}`)));
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  try {
    const whole = gzipped ? inflateAtOnce(bytes, Math.min(INFLATE_AT_ONCE_BYTES, limits.maxArchiveBytes)) : undefined;
    if (whole) {
      const nested = compressedAgain(whole);
      if (nested) throw nested;
      parser.end(whole);
    } else {
      await pipeline([Readable.from([bytes]), ...(gzipped ? [zlib.createGunzip({ chunkSize: INFLATE_CHUNK_BYTES })] : []), byteCap(limits.maxArchiveBytes), parser]);
    }
  } catch (error) {
    throw failure ?? (error instanceof ScanError ? error : new ScanError("unsafe-archive", `The archive could not be read: ${(error as Error).message}`));
  }
  if (failure) throw failure;
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    files: new Map([...files].sort(([a], [b]) => byPath(a, b))),
    folders: [...folders].sort((a, b) => a.split("/").length - b.split("/").length || byPath(a, b)),
    refused,
    unpackedBytes,
  };
}

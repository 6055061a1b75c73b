/** Caps that keep a hostile archive from exhausting disk, memory or time. */
export interface ExtractionLimits {
  /** Bytes of the decompressed tar stream; stops gzip bombs as they inflate. */
  maxArchiveBytes: number;
  /** Sum of the sizes of the files written. */
  maxUnpackedBytes: number;
  /** Largest single file extracted; larger ones are refused, not fatal. */
  maxFileBytes: number;
  maxFiles: number;
  /** Folder levels below the package root. */
  maxDepth: number;
  maxPathLength: number;
}

// npm's own upper bounds in practice: the largest MCP server packages unpack to tens of MB.
export const DEFAULT_EXTRACTION_LIMITS: ExtractionLimits = {
  maxArchiveBytes: 256 * 1024 * 1024,
  maxUnpackedBytes: 200 * 1024 * 1024,
  maxFileBytes: 50 * 1024 * 1024,
  maxFiles: 20_000,
  maxDepth: 32,
  maxPathLength: 1024,
};

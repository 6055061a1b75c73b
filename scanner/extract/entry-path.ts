import type { ExtractionLimits } from "@/scanner/extract/extraction-limits";

export type EntryPath = { ok: true; segments: string[] } | { ok: false; reason: string };

/**
 * Where an archive entry may be written, relative to the package root, or why it may not. The
 * first component (npm's `package/`) is dropped. Backslashes count as separators, so that a
 * Windows-style `..\\` cannot slip through.
 */
export function checkEntryPath(raw: string, limits: Pick<ExtractionLimits, "maxDepth" | "maxPathLength">): EntryPath {
  if (raw.length > limits.maxPathLength) return { ok: false, reason: `path longer than ${limits.maxPathLength} characters` };
  if (/^([\\/]|[A-Za-z]:)/.test(raw)) return { ok: false, reason: "absolute path" };
  const parts = raw.split(/[\\/]+/).filter((part) => part !== "" && part !== ".");
  if (parts.includes("..")) return { ok: false, reason: "path leaves the package folder (..)" };
  if (parts.some((part) => /[\u0000-\u001f]/.test(part))) return { ok: false, reason: "control characters in path" };
  const segments = parts.slice(1);
  if (segments.length > limits.maxDepth) return { ok: false, reason: `nested deeper than ${limits.maxDepth} folders` };
  return { ok: true, segments };
}

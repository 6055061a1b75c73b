import { posix } from "node:path";

type ExportsField = string | null | ExportsField[] | { [condition: string]: ExportsField };

function exportTargets(value: ExportsField | undefined, out: string[]): void {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => exportTargets(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => exportTargets(v, out));
}

/**
 * The files Node runs for a package: `main`, every `bin`, every `exports` target. They are
 * analysed as code whatever their extension (Node runs `bin/cli` or `lib/x.txt` as JavaScript).
 */
export function entryPoints(manifest: { main?: unknown; bin?: unknown; exports?: unknown }): Set<string> {
  const targets: string[] = [];
  if (typeof manifest.main === "string") targets.push(manifest.main);
  if (typeof manifest.bin === "string") targets.push(manifest.bin);
  else if (manifest.bin && typeof manifest.bin === "object") targets.push(...Object.values(manifest.bin).filter((v): v is string => typeof v === "string"));
  exportTargets(manifest.exports as ExportsField | undefined, targets);
  return new Set(targets.map((t) => posix.normalize(t).replace(/^(\.\/)+/, "")).filter((t) => !t.startsWith("..")));
}

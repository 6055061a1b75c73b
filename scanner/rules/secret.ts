import { LineIndex } from "@/scanner/analysis/line-index";
import type { TextRule } from "@/scanner/rules/rule";
import { SECRET_PATTERNS } from "@/scanner/rules/secret-patterns";

/** Shows where a secret is without repeating it: its first and last characters. */
function redact(secret: string): string {
  return secret.length <= 12 ? "…" : `${secret.slice(0, 6)}…${secret.slice(-4)}`;
}

// Every pattern's marker in one regex, so that a text is searched once for all of them, not once
// per marker. Longest first: of two markers found at one place, the longer holds the shorter.
const MARKERS = [...new Set(SECRET_PATTERNS.flatMap((p) => p.markers))].sort((a, b) => b.length - a.length);
const ANY_MARKER = new RegExp(MARKERS.map((marker) => marker.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");

/** The markers a text holds. Each search resumes one character on, so overlapping markers are all found. */
function markersIn(text: string): Set<string> {
  const found = new Set<string>();
  ANY_MARKER.lastIndex = 0;
  for (let match = ANY_MARKER.exec(text); match; match = ANY_MARKER.exec(text)) {
    for (const marker of MARKERS) if (match[0].startsWith(marker)) found.add(marker);
    ANY_MARKER.lastIndex = match.index + 1;
  }
  return found;
}

/** Hardcoded credentials of well-known formats, in any text file of the package. */
export const secretRule: TextRule = {
  id: "secret",
  category: "secret",
  appliesTo: () => true,
  check(_file, text, report) {
    const present = markersIn(text);
    if (!present.size) return;
    const lines = new LineIndex(text);
    // Over the whole text, not line by line: a private key's body follows its header's line.
    for (const { name, markers, pattern } of SECRET_PATTERNS) {
      if (!markers.some((marker) => present.has(marker))) continue;
      for (const match of text.matchAll(new RegExp(pattern.source, `${pattern.flags}g`))) {
        const line = lines.lineOf(match.index);
        const evidence = lines.snippet(match.index, match.index + Math.min(match[0].length, 60)).replace(match[0].split("\n")[0]!, redact(match[0].split("\n")[0]!));
        report(line, { severity: "high", message: `Contains a hardcoded ${name}`, evidence });
      }
    }
  },
};

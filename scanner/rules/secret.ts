import { LineIndex } from "@/scanner/analysis/line-index";
import type { TextRule } from "@/scanner/rules/rule";
import { SECRET_PATTERNS } from "@/scanner/rules/secret-patterns";

/** Shows where a secret is without repeating it: its first and last characters. */
function redact(secret: string): string {
  return secret.length <= 12 ? "…" : `${secret.slice(0, 6)}…${secret.slice(-4)}`;
}

// Every pattern's marker, indexed by its first two bytes: a text is searched once for all of
// them, on its bytes (markers are ASCII, and UTF-8 encodes ASCII as itself and nothing else so),
// and decoded only if one is there.
export const MARKERS = [...new Set(SECRET_PATTERNS.flatMap((p) => p.markers))];
const MARKER_BYTES = MARKERS.map((marker) => Buffer.from(marker, "ascii"));
const STARTS = new Uint8Array(1 << 16);
const STARTING_WITH = new Map<number, number[]>();
MARKER_BYTES.forEach((bytes, i) => {
  const pair = (bytes[0]! << 8) | bytes[1]!;
  STARTS[pair] = 1;
  STARTING_WITH.set(pair, [...(STARTING_WITH.get(pair) ?? []), i]);
});

/** The markers the bytes hold, overlapping ones included. */
export function markersIn(bytes: Uint8Array): Set<string> {
  const found = new Set<string>();
  let pair = bytes.length ? bytes[0]! : 0;
  for (let i = 1; i < bytes.length; i++) {
    pair = ((pair << 8) | bytes[i]!) & 0xffff;
    if (STARTS[pair] === 0) continue;
    for (const index of STARTING_WITH.get(pair)!) {
      const marker = MARKER_BYTES[index]!;
      let matched = 2;
      while (matched < marker.length && bytes[i - 1 + matched] === marker[matched]) matched++;
      if (matched === marker.length) found.add(MARKERS[index]!);
    }
  }
  return found;
}

// What documentation puts where a key goes: a run of one character (`glpat-xxxxxxxxxxxxxxxxxxxx`,
// `0000…`), or a word saying so. Issued keys are random: eight of one character in a row, or
// these words, are not in one.
const PLACEHOLDER = /(.)\1{7}|example|redacted|placeholder|your[_-]?(api[_-]?)?(key|token|secret)/i;

/** Whether a match is a documented placeholder rather than a key (PLACEHOLDER); AWS's and jwt.io's published samples are left out by their patterns. */
const isPlaceholder = (match: string) => PLACEHOLDER.test(match);

/** Hardcoded credentials of well-known formats, in any text file of the package. */
export const secretRule: TextRule = {
  id: "secret",
  category: "secret",
  appliesTo: () => true,
  check(_file, content, report) {
    const present = markersIn(content.bytes);
    if (!present.size) return;
    const text = content.text;
    const lines = new LineIndex(text);
    // Over the whole text, not line by line: a private key's body follows its header's line.
    for (const { name, markers, pattern } of SECRET_PATTERNS) {
      if (!markers.some((marker) => present.has(marker))) continue;
      for (const match of text.matchAll(new RegExp(pattern.source, `${pattern.flags}g`))) {
        if (isPlaceholder(match[0])) continue;
        const line = lines.lineOf(match.index);
        const evidence = lines.snippet(match.index, match.index + Math.min(match[0].length, 60)).replace(match[0].split("\n")[0]!, redact(match[0].split("\n")[0]!));
        report(line, { severity: "high", message: `Contains a hardcoded ${name}`, evidence });
      }
    }
  },
};

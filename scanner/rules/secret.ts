import { LineIndex } from "@/scanner/analysis/line-index";
import type { TextRule } from "@/scanner/rules/rule";
import { SECRET_PATTERNS } from "@/scanner/rules/secret-patterns";

/** Shows where a secret is without repeating it: its first and last characters. */
function redact(secret: string): string {
  return secret.length <= 12 ? "…" : `${secret.slice(0, 6)}…${secret.slice(-4)}`;
}

/** Hardcoded credentials of well-known formats, in any text file of the package. */
export const secretRule: TextRule = {
  id: "secret",
  category: "secret",
  appliesTo: () => true,
  check(_file, text, report) {
    // Over the whole text, not line by line: a private key's body follows its header's line.
    let lines: LineIndex | undefined;
    for (const { name, markers, pattern } of SECRET_PATTERNS) {
      if (!markers.some((marker) => text.includes(marker))) continue;
      lines ??= new LineIndex(text);
      for (const match of text.matchAll(new RegExp(pattern.source, `${pattern.flags}g`))) {
        const line = lines.lineOf(match.index);
        const evidence = lines.snippet(match.index, match.index + Math.min(match[0].length, 60)).replace(match[0].split("\n")[0]!, redact(match[0].split("\n")[0]!));
        report(line, { severity: "high", message: `Contains a hardcoded ${name}`, evidence });
      }
    }
  },
};

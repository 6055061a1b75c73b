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
    text.split("\n").forEach((line, i) => {
      for (const { name, pattern } of SECRET_PATTERNS) {
        const match = pattern.exec(line);
        if (match) report(i + 1, { severity: "high", message: `Contains a hardcoded ${name}`, evidence: line.replace(match[0], redact(match[0])).trim().slice(0, 160) });
      }
    });
  },
};

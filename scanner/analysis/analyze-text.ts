import type { FileContent, ScanFinding, TextRule } from "@/scanner/rules/rule";

/** A file's content for the text rules, decoded from its bytes once, if a rule reads its text. */
export function fileContent(bytes: Buffer): FileContent {
  let text: string | undefined;
  return {
    bytes,
    get text() {
      return (text ??= bytes.toString("utf8"));
    },
  };
}

/** Runs the text rules that apply to one file: given as bytes, or as text already decoded. */
export function analyzeText(file: string, content: FileContent | string, rules: TextRule[]): ScanFinding[] {
  const read = typeof content === "string" ? { bytes: Buffer.from(content, "utf8"), text: content } : content;
  const findings: ScanFinding[] = [];
  for (const rule of rules) {
    if (!rule.appliesTo(file)) continue;
    rule.check(file, read, (line, { severity, message, evidence }) => findings.push({ rule: rule.id, category: rule.category, severity, file, line, message, evidence }));
  }
  return findings;
}

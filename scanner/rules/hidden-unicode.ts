import { toolTexts } from "@/scanner/rules/tool-poisoning";
import type { CodeRule, SourceContext } from "@/scanner/rules/rule";

// Characters a model reads and a person does not see: Unicode tag characters (which spell out
// ASCII invisibly), zero-width characters, and bidirectional controls.
const HIDDEN = /[\u{E0000}-\u{E007F}\u200B-\u200D\u2060\u2062-\u2064\uFEFF\u202A-\u202E\u2066-\u2069]/gu;

const isTag = (cp: number) => cp >= 0xe0000 && cp <= 0xe007f;

/** Makes the invisible visible: a run of tag characters as the text it spells, others as code points. */
export function reveal(text: string): string {
  let out = "";
  let spelled = "";
  const flush = () => {
    if (spelled) out += `⟦hidden: ${spelled}⟧`;
    spelled = "";
  };
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (isTag(cp)) {
      if (cp >= 0xe0020 && cp <= 0xe007e) spelled += String.fromCodePoint(cp - 0xe0000);
      continue;
    }
    flush();
    HIDDEN.lastIndex = 0;
    out += HIDDEN.test(char) ? `⟦U+${cp.toString(16).toUpperCase().padStart(4, "0")}⟧` : char;
  }
  flush();
  return out;
}

/** Invisible characters in a tool's name or descriptions. */
export const hiddenUnicodeRule: CodeRule = {
  id: "hidden-unicode",
  category: "hidden-unicode",
  types: [],
  visitor(context) {
    return { end: () => checkTools(context) };
  },
};

function checkTools(context: SourceContext): void {
  for (const tool of context.tools) {
    for (const text of [tool.name, ...toolTexts(tool)]) {
      const hidden = text.match(HIDDEN);
      if (!hidden) continue;
      context.report(tool.node, {
        severity: "high",
        message: `Tool "${reveal(tool.name)}" carries ${hidden.length} invisible character${hidden.length === 1 ? "" : "s"} in text the model reads: ${reveal(text).slice(0, 240)}`,
      });
    }
  }
}

// Characters of context shown before a node in a snippet, when the node leaves room for them.
const SNIPPET_LEAD = 20;

/** Maps offsets in a source text to 1-based lines, and lines to short evidence snippets. */
export class LineIndex {
  // Built on the first lookup: most files of a bundle-heavy package report nothing at all.
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    // indexOf searches natively, several times faster than a charCodeAt loop over megabytes.
    for (let i = this.text.indexOf("\n"); i !== -1; i = this.text.indexOf("\n", i + 1)) starts.push(i + 1);
    return (this.starts = starts);
  }

  lineOf(offset: number): number {
    const starts = this.lineStarts();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  /**
   * The source around a node, on one line, at most `max` characters: the whole line when it
   * fits (without its indentation); on a longer line, as minified bundles put a whole program on
   * one, a stretch from a little before the node through all of it that fits.
   */
  snippet(start: number, end: number, max = 160): string {
    let lineStart = this.lineStarts()[this.lineOf(start) - 1]!;
    const nextLine = this.text.indexOf("\n", start);
    const lineEnd = nextLine === -1 ? this.text.length : nextLine;
    while (lineStart < start && (this.text[lineStart] === " " || this.text[lineStart] === "\t")) lineStart++;
    const lead = Math.min(SNIPPET_LEAD, Math.max(0, max - (end - start)));
    // From the line's start while that still shows all of the node.
    const from = Math.min(start, end - max) <= lineStart ? lineStart : Math.max(lineStart, start - lead);
    const to = Math.min(lineEnd, from + max);
    return `${from > lineStart ? "…" : ""}${this.text.slice(from, to).trim()}${to < lineEnd ? "…" : ""}`;
  }
}

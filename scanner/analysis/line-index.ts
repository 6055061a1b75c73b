/** Maps offsets in a source text to 1-based lines, and lines to short evidence snippets. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  /**
   * The source around a node, on one line, at most `max` characters: minified bundles put a
   * whole program on one line, so the snippet is cut around the node, not the line.
   */
  snippet(start: number, end: number, max = 160): string {
    const lineStart = this.starts[this.lineOf(start) - 1]!;
    const nextLine = this.text.indexOf("\n", start);
    const lineEnd = nextLine === -1 ? this.text.length : nextLine;
    const from = Math.max(lineStart, Math.min(start, end - max) - 20);
    const to = Math.min(lineEnd, from + max);
    return `${from > lineStart ? "…" : ""}${this.text.slice(from, to).trim()}${to < lineEnd ? "…" : ""}`;
  }
}

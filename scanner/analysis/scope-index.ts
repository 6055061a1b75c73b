import type { Node } from "@/scanner/analysis/ast";

interface Entry<T> {
  start: number;
  end: number;
  /** Where the declaration itself is: of two in one scope, the last before a use counts there. */
  at: number;
  rank: number;
  value: T;
  /** The innermost earlier entry whose scope holds this one's. */
  parent: number;
}

/**
 * Which of a name's declarations an identifier means, by scope: the one whose scope is innermost
 * around it (scopes nest or are apart, as JavaScript's do). Built once for a name's declarations,
 * then each question is a halving search and a climb of the nesting, however many there are:
 * minified bundles declare one short name in thousands of functions. Of several declarations in
 * one scope (`try { var cp = require("child_process") } catch { var cp = require("./shim") }`),
 * any may be the one in force: the highest ranked counts, and of those the last before the use.
 */
export class ScopeIndex<T> {
  private readonly entries: Entry<T>[];
  // For the last entry of each run of declarations in one scope: the run's highest ranked, by position.
  private readonly ranked = new Map<number, number[]>();

  constructor(declared: { scope: Node; declaration: Node; value: T }[], rank: (value: T) => number = () => 0) {
    this.entries = declared
      .map(({ scope, declaration, value }) => ({ start: scope.start, end: scope.end, at: declaration.start, rank: rank(value), value, parent: -1 }))
      .sort((a, b) => a.start - b.start || b.end - a.end || a.at - b.at);
    const open: number[] = [];
    this.entries.forEach((entry, i) => {
      while (open.length && this.entries[open.at(-1)!]!.end < entry.end) open.pop();
      entry.parent = open.at(-1) ?? -1;
      open.push(i);
    });
    for (let first = 0; first < this.entries.length; ) {
      let last = first;
      while (last + 1 < this.entries.length && this.sameScope(first, last + 1)) last++;
      let top = -Infinity;
      for (let i = first; i <= last; i++) top = Math.max(top, this.entries[i]!.rank);
      const best: number[] = [];
      for (let i = first; i <= last; i++) if (this.entries[i]!.rank === top) best.push(i);
      this.ranked.set(last, best);
      first = last + 1;
    }
  }

  /**
   * The value declared in the innermost scope around an offset, or undefined when none holds it.
   * Of one scope's best ranked, those `preferred` for `key` (if any is) count first. (A function
   * and its key, not a closure: this is asked for most calls of a bundle.)
   */
  at(offset: number, preferred?: (value: T, key: string) => boolean, key = ""): T | undefined {
    let i = this.lastStartingBy(offset);
    while (i !== -1 && this.entries[i]!.end <= offset) i = this.entries[i]!.parent;
    if (i === -1) return undefined;
    // i is the last of its scope's run (a run sorts by position, and a climb lands on its last):
    // of the run's highest ranked, the last declared before the offset, else the first.
    const ranked = this.ranked.get(i)!;
    const narrowed = preferred && ranked.length > 1 ? ranked.filter((entry) => preferred(this.entries[entry]!.value, key)) : [];
    const best = narrowed.length ? narrowed : ranked;
    let chosen = best[0]!;
    for (let from = 0, to = best.length - 1; from <= to; ) {
      const mid = (from + to) >> 1;
      if (this.entries[best[mid]!]!.at <= offset) {
        chosen = best[mid]!;
        from = mid + 1;
      } else to = mid - 1;
    }
    return this.entries[chosen]!.value;
  }

  /** Every value declared in a scope around an offset, innermost first. */
  allAt(offset: number): T[] {
    const found: T[] = [];
    // Past the first entry whose scope holds the offset, every entry up the nesting holds it too.
    for (let i = this.lastStartingBy(offset); i !== -1; i = this.entries[i]!.parent) if (this.entries[i]!.end > offset) found.push(this.entries[i]!.value);
    return found;
  }

  /** The last entry whose scope starts at or before an offset (entries sort by start), or -1. */
  private lastStartingBy(offset: number): number {
    let low = 0;
    let high = this.entries.length - 1;
    let last = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.entries[mid]!.start <= offset) {
        last = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return last;
  }

  private sameScope(a: number, b: number): boolean {
    return this.entries[a]!.start === this.entries[b]!.start && this.entries[a]!.end === this.entries[b]!.end;
  }
}

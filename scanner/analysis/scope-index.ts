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
  }

  /** The value declared in the innermost scope around an offset, or undefined when none holds it. */
  at(offset: number): T | undefined {
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
    let i = last;
    while (i !== -1 && this.entries[i]!.end <= offset) i = this.entries[i]!.parent;
    if (i === -1) return undefined;
    // The declarations in that scope, the last in source order first (they sort by position).
    let chosen = i;
    for (let other = i; other !== -1 && (other === i || this.sameScope(i, other)); other = this.entries[other]!.parent) {
      const entry = this.entries[other]!;
      const best = this.entries[chosen]!;
      if (entry.rank > best.rank || (entry.rank === best.rank && best.at > offset)) chosen = other;
    }
    return this.entries[chosen]!.value;
  }

  private sameScope(a: number, b: number): boolean {
    return this.entries[a]!.start === this.entries[b]!.start && this.entries[a]!.end === this.entries[b]!.end;
  }
}

import type { Span } from "@/scanner/analysis/parse-source";

/**
 * A file's text with each comment (as the parser found them: `"https://…"` holds none) made one
 * space, for the checks asked of the whole text (whether it may change PATH): no comment can
 * then split what they look for (`process.env /* x *\/ .PATH = …`), and they need no pattern for
 * comments, whose bodies a regular expression can only match by backtracking.
 */
export function codeWithoutComments(source: string, comments: readonly Span[]): string {
  if (!comments.length) return source;
  const parts: string[] = [];
  let from = 0;
  for (const comment of comments) {
    parts.push(source.slice(from, comment.start));
    from = comment.end;
  }
  parts.push(source.slice(from));
  return parts.join(" ");
}

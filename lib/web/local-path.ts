const BASE = "http://sigil.invalid";

/**
 * A path on this registry to go to after signing in, or "/" for anything that could lead
 * elsewhere: `//evil.example`, `/\evil.example` (browsers read a backslash as a slash),
 * control characters, absolute URLs.
 */
export function localPathOf(raw: string | undefined): string {
  if (!raw || !raw.startsWith("/") || /[\\\u0000-\u001f\u007f]/.test(raw)) return "/";
  try {
    const url = new URL(raw, BASE);
    return url.origin === BASE ? `${url.pathname}${url.search}${url.hash}` : "/";
  } catch {
    return "/";
  }
}

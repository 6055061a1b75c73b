import type { ProofCheck } from "@/lib/namespaces/dns-proof";
import { nonPublicAddressesOf } from "@/lib/net/public-address";

export const WELL_KNOWN_PATH = "/.well-known/sigil-verification";

// The whole check (every redirect and the body) must finish in this time: a person waits on it.
const HTTP_TIMEOUT_MS = 5_000;
// The challenge is one line; the official registry caps its well-known key file at 4 KiB too.
export const HTTP_BODY_LIMIT = 4_096;
// A site may move the file within itself (a trailing slash, a CMS route), never elsewhere.
const MAX_REDIRECTS = 3;

/** Where the challenge of `domain` is looked for: always https://<domain> outside tests. */
export function wellKnownUrl(domain: string, originOverride?: string): URL {
  return new URL(WELL_KNOWN_PATH, originOverride ?? `https://${domain}`);
}

/** Why a fetch failed, in a few words and without a stack: the error code of its cause. */
function describeFetchError(error: unknown): string {
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no complete answer within ${HTTP_TIMEOUT_MS / 1000} seconds`;
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return `the request failed (${cause?.code ?? cause?.message ?? (error as Error).message})`;
}

/** Reads at most `limit` bytes of a body; undefined when it is longer. */
async function readCapped(response: Response, limit: number): Promise<Buffer | undefined> {
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  if (Number(response.headers.get("content-length")) > limit) {
    await reader.cancel();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > limit) {
      // Stops the download here rather than after the whole (possibly endless) body.
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(Buffer.from(value));
  }
}

/**
 * Looks for a line exactly `expected` in the body of https://<domain>/.well-known/sigil-verification
 * (several lines, so that co-owners can each publish their own). Redirects are followed only
 * within the same origin: one to another host would let whoever runs that host, not the
 * domain's owner, answer. Nothing of a body is quoted back but a `sigil-verification=` line, so
 * the check cannot be used to read a page from a host only Sigil can reach.
 */
export async function checkHttpProof(domain: string, expected: string, originOverride?: string): Promise<ProofCheck> {
  const start = wellKnownUrl(domain, originOverride);
  const checked = start.href;
  const signal = AbortSignal.timeout(HTTP_TIMEOUT_MS);
  let url = start;
  try {
    // A claim must not make Sigil fetch from its own network: the domain must point outside it.
    // (The tests' local origin is the one exception.)
    if (!originOverride) {
      const local = await nonPublicAddressesOf(domain).catch(() => []);
      if (local.length) return { ok: false, checked, found: `${domain} resolves to an address that is not public (${local.slice(0, 3).join(", ")}): Sigil fetches proofs only from the internet` };
    }
    for (let redirects = 0; ; redirects++) {
      const response = await fetch(url, { redirect: "manual", signal, headers: { accept: "text/plain", "user-agent": "sigil-namespace-check" } });
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        const target = new URL(location, url);
        if (target.origin !== start.origin) {
          return { ok: false, checked, found: `a redirect (HTTP ${response.status}) to ${target.origin}: Sigil follows redirects only within ${start.origin}` };
        }
        if (redirects === MAX_REDIRECTS) return { ok: false, checked, found: `more than ${MAX_REDIRECTS} redirects` };
        url = target;
        continue;
      }
      const where = url.href === start.href ? "" : ` (redirected to ${url.href})`;
      if (response.status !== 200) {
        await response.body?.cancel();
        return { ok: false, checked, found: `HTTP ${response.status}${where}` };
      }
      const body = await readCapped(response, HTTP_BODY_LIMIT);
      if (!body) return { ok: false, checked, found: `a body larger than ${HTTP_BODY_LIMIT} bytes${where}; serve only the line of the challenge` };
      const lines = body.toString("utf8").split(/\r?\n/).map((line) => line.trim());
      if (lines.includes(expected)) return { ok: true, checked: url.href };
      const challenges = lines.filter((line) => line.startsWith("sigil-verification=")).slice(0, 5);
      const shown = challenges.length ? `, with ${challenges.map((line) => JSON.stringify(line.slice(0, 120))).join(", ")}` : ", with no sigil-verification= line";
      return { ok: false, checked, found: `HTTP 200 and ${body.length} bytes${where}${shown}` };
    }
  } catch (error) {
    return { ok: false, checked, found: describeFetchError(error) };
  }
}

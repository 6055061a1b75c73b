import dns from "node:dns";

/** The outcome of looking for a published challenge: what was checked, and if it failed, what was found. */
export type ProofCheck = { ok: true; checked: string } | { ok: false; checked: string; found: string };

// Quick enough for a request a person waits on; two tries ride out one lost UDP packet.
const DNS_TIMEOUT_MS = 2_000;
const DNS_TRIES = 2;

/** Quotes a record for a message, shortened so that a long SPF record does not drown it. */
const quote = (text: string) => JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);

/**
 * Looks for a TXT record exactly `expected` on `domain`, asking `servers` (from SIGIL_DNS_SERVERS)
 * or the system's resolvers. The official registry also puts its proof on the domain itself
 * (`v=MCPv1; k=ed25519; p=<key>`), not on a `_prefix.` subdomain.
 */
export async function checkDnsProof(domain: string, expected: string, servers?: string[]): Promise<ProofCheck> {
  const resolver = new dns.promises.Resolver({ timeout: DNS_TIMEOUT_MS, tries: DNS_TRIES });
  if (servers?.length) resolver.setServers(servers);
  const checked = `the TXT records of ${domain}`;
  let records: string[];
  try {
    // A TXT record longer than 255 bytes arrives as several strings; they form one value.
    records = (await resolver.resolveTxt(domain)).map((chunks) => chunks.join(""));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === dns.NOTFOUND) return { ok: false, checked, found: `that ${domain} does not exist in DNS` };
    if (code === dns.NODATA) return { ok: false, checked, found: "no TXT records" };
    if (code === dns.TIMEOUT) return { ok: false, checked, found: "no answer from DNS in time; try again in a few minutes" };
    return { ok: false, checked, found: `that the DNS lookup failed (${code ?? "unknown error"}); try again in a few minutes` };
  }
  if (records.some((record) => record.trim() === expected)) return { ok: true, checked };
  if (records.length === 0) return { ok: false, checked, found: "no TXT records" };
  // TXT records are public, so they can be shown; stale sigil-verification records first,
  // as they are the likeliest mistake (a token from an earlier claim).
  const shown = [...records].sort((a, b) => Number(b.startsWith("sigil-verification=")) - Number(a.startsWith("sigil-verification="))).slice(0, 5);
  const more = records.length > shown.length ? ` and ${records.length - shown.length} more` : "";
  return { ok: false, checked, found: `${records.length} TXT record${records.length === 1 ? "" : "s"}, none of them the expected one: ${shown.map(quote).join(", ")}${more}` };
}

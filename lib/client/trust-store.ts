import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import canonicalize from "canonicalize";
import { ClientError } from "@/lib/client/client-error";
import type { RegistryClient } from "@/lib/client/registry-client";
import { parseTrust, type SigilTrust, type TrustDocuments } from "@/lib/verify/trust-material";

const DOCUMENTS = { keys: "keys.json", trustedRoot: "trusted_root.json", identities: "identities.json" } as const satisfies Record<keyof TrustDocuments, string>;
const SEEN_REVOCATION_LIST = "revocation-list-issued-at";

/** Where a registry's trust is pinned by default: one folder per registry origin under the user's config folder. */
export function defaultTrustDir(registryUrl: string): string {
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config");
  const { protocol, host } = new URL(registryUrl);
  return path.join(base, "sigil", "trust", `${protocol.replace(":", "")}_${host.replace(/[^a-zA-Z0-9.-]/g, "_")}`);
}

function readDocuments(dir: string): TrustDocuments | null {
  const files = Object.values(DOCUMENTS).map((file) => path.join(dir, file));
  if (!files.every((file) => fs.existsSync(file))) return null;
  const [keys, trustedRoot, identities] = files.map((file) => {
    try {
      return JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
    } catch {
      throw new ClientError("TRUST_INVALID", `${file} is not JSON.`);
    }
  });
  return { keys, trustedRoot, identities };
}

function writeDocuments(dir: string, documents: TrustDocuments): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const [name, file] of Object.entries(DOCUMENTS)) fs.writeFileSync(path.join(dir, file), `${JSON.stringify(documents[name as keyof TrustDocuments], null, 2)}\n`);
}

async function fetchDocuments(registry: RegistryClient): Promise<TrustDocuments> {
  const [keys, trustedRoot, identities] = await Promise.all(Object.values(DOCUMENTS).map((file) => registry.json(`/.well-known/sigil/${file}`)));
  return { keys, trustedRoot, identities };
}

const same = (a: unknown, b: unknown) => canonicalize(a) === canonicalize(b);

export interface PinnedTrust {
  trust: SigilTrust;
  dir: string;
  /** Set when this call pinned the registry's documents for the first time. */
  pinnedNow: boolean;
}

// Hosts whose traffic never leaves the machine: a local registry (the demo's, a test's).
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Pinning on first use trusts whatever arrives that once, so it must arrive intact: over plain
 * HTTP anyone on the path could hand over their own keys, and every later check would trust them.
 */
function refuseToPinInTheClear(registryUrl: string): void {
  const { protocol, hostname } = new URL(registryUrl);
  if (protocol !== "http:" || LOOPBACK_HOST.test(hostname)) return;
  throw new ClientError(
    "TRUST_INSECURE",
    `${registryUrl} is plain HTTP, so trust pinned from it on first use could be anyone's. Use the registry's https:// address, ` +
      `or pass --trust-root with its keys.json, trusted_root.json and identities.json obtained another way.`,
  );
}

/**
 * The trust a verification uses. With `trustRoot`, the documents in that folder, as they are
 * (the user vouches for them; nothing is fetched). Otherwise the registry's documents pinned on
 * first use in defaultTrustDir (never over plain HTTP to another machine): later, what the
 * registry serves must be what was pinned. A change (a key added or retired, another timestamp
 * authority) is an error, and the new documents are saved beside the pinned ones for the user
 * to review and pass as `--trust-root`.
 */
export async function loadPinnedTrust(registry: RegistryClient, trustRoot?: string): Promise<PinnedTrust> {
  if (trustRoot) {
    const documents = readDocuments(trustRoot);
    if (!documents) throw new ClientError("TRUST_INVALID", `${trustRoot} does not hold ${Object.values(DOCUMENTS).join(", ")}.`);
    return { trust: parseTrust(documents), dir: trustRoot, pinnedNow: false };
  }
  const dir = defaultTrustDir(registry.baseUrl);
  const pinned = readDocuments(dir);
  if (!pinned) refuseToPinInTheClear(registry.baseUrl);
  const served = await fetchDocuments(registry);
  if (!pinned) {
    const trust = parseTrust(served);
    writeDocuments(dir, served);
    return { trust, dir, pinnedNow: true };
  }
  const changed = (Object.keys(DOCUMENTS) as (keyof TrustDocuments)[]).filter((name) => !same(pinned[name], served[name]));
  if (changed.length) {
    const proposed = path.join(dir, "proposed");
    writeDocuments(proposed, served);
    throw new ClientError(
      "TRUST_CHANGED",
      `${registry.baseUrl} now publishes different trust material than was pinned in ${dir} (${changed.map((name) => DOCUMENTS[name]).join(", ")} changed). ` +
        `If this is an announced key rotation, review the new documents in ${proposed} and pass --trust-root ${proposed}, or move them over the pinned ones.`,
      1,
    );
  }
  return { trust: parseTrust(pinned), dir, pinnedNow: false };
}

/**
 * Refuses a revocation list older than one already seen for this registry (a replay of an
 * earlier, shorter list within its validity), and remembers the newest seen.
 */
export function checkRevocationListFreshness(dir: string, issuedAt: string): void {
  const file = path.join(dir, SEEN_REVOCATION_LIST);
  const seen = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : undefined;
  if (seen !== undefined && Number.isNaN(new Date(seen).getTime())) {
    throw new ClientError("REVOCATION_LIST_INVALID", `${file} does not hold a time, so an older revocation list could not be told from a newer one; delete it to start again.`);
  }
  if (seen && new Date(issuedAt) < new Date(seen)) {
    throw new ClientError("REVOCATION_LIST_INVALID", `The revocation list was issued at ${issuedAt}, before the one already seen (${seen}): an older list is being replayed.`, 1);
  }
  if (!seen || new Date(issuedAt) > new Date(seen)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, `${issuedAt}\n`);
  }
}

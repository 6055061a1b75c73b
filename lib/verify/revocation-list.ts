import { z } from "zod";
import { checkSigningTime } from "@/lib/verify/signing-time";
import type { SigilTrust } from "@/lib/verify/trust-material";
import { verifyBundle } from "@/lib/verify/verify-bundle";
import { VerificationFailure } from "@/lib/verify/verification-failure";

/** The DSSE payload type of Sigil's signed revocation list. */
export const REVOCATION_LIST_PAYLOAD_TYPE = "application/vnd.dev.sigil.revocations+json";
export const REVOCATION_LIST_TYPE = "https://sigil.dev/revocations/v1";

const instant = z.iso.datetime({ offset: true });
const CLOCK_SKEW_MS = 5 * 60_000;
// SIGIL_REVOCATION_LIST_HOURS is at most 30 days.
const MAX_LIST_LIFETIME_MS = 30 * 24 * 3_600_000;

export const revocationListShape = z.object({
  _type: z.literal(REVOCATION_LIST_TYPE),
  /** The registry's base URL as it knows itself; informative (each registry signs with keys of its own). */
  registry: z.string(),
  issuedAt: instant,
  /** After this the list is stale, and a stale list is an error: clients fetch a fresh one. */
  expiresAt: instant,
  revoked: z.array(
    z.object({
      server: z.object({ name: z.string(), version: z.string() }),
      /** The purl of the npm package the revoked version pinned, and its tarball's SHA-512 (hex). */
      package: z.string().nullable(),
      digest: z.object({ sha512: z.string().optional() }),
      revokedAt: instant,
      reason: z.string(),
    }),
  ),
});
export type RevocationList = z.infer<typeof revocationListShape>;
export type RevokedEntry = RevocationList["revoked"][number];

/**
 * Verifies a signed revocation list (a Sigstore bundle over its JSON) with the same trust as
 * publications, and that it is still current. Every failure is
 * REVOCATION_LIST_INVALID: without a list it can trust, a client cannot know what was revoked.
 */
export function readRevocationList(bundle: unknown, trust: SigilTrust, now = new Date()): RevocationList {
  const invalid = (message: string) => new VerificationFailure("REVOCATION_LIST_INVALID", message);
  let list: RevocationList;
  try {
    const verified = verifyBundle(bundle, trust);
    if (verified.payloadType !== REVOCATION_LIST_PAYLOAD_TYPE) throw invalid(`The revocation list's envelope carries ${verified.payloadType}.`);
    const parsed = revocationListShape.safeParse(JSON.parse(verified.payload.toString("utf8")));
    if (!parsed.success) throw invalid(`The revocation list is malformed: ${z.prettifyError(parsed.error).replace(/\s+/g, " ")}`);
    list = parsed.data;
    checkSigningTime(verified, new Date(list.issuedAt), trust, now);
  } catch (error) {
    if (error instanceof VerificationFailure && error.code === "REVOCATION_LIST_INVALID") throw error;
    throw invalid(`The revocation list does not verify: ${(error as Error).message}`);
  }
  if (new Date(list.expiresAt) <= now) throw invalid(`The revocation list expired at ${list.expiresAt}; the registry has not issued a fresh one.`);
  // A list "from the future", or valid for ages, would outlast the lists that follow it.
  if (new Date(list.issuedAt).getTime() > now.getTime() + CLOCK_SKEW_MS) throw invalid(`The revocation list says it was issued at ${list.issuedAt}, which has not come yet.`);
  if (new Date(list.expiresAt).getTime() - new Date(list.issuedAt).getTime() > MAX_LIST_LIFETIME_MS) throw invalid(`The revocation list is valid from ${list.issuedAt} to ${list.expiresAt}, longer than any registry issues one for.`);
  return list;
}

/** The entry revoking this server version, or the tarball it pinned, if the list has one. */
export function findRevocation(list: RevocationList, server: { name: string; version: string }, sha512?: string): RevokedEntry | undefined {
  return list.revoked.find((entry) => (entry.server.name === server.name && entry.server.version === server.version) || (sha512 !== undefined && entry.digest.sha512 === sha512.toLowerCase()));
}

import fs from "node:fs";
import { type CertificateAuthority, TrustedRoot } from "@sigstore/protobuf-specs";
import { readConfig } from "@/lib/config";
import { db } from "@/lib/db/client";
import { keysDocument } from "@/lib/signing/keys-document";
import { readCertificateChain } from "@/lib/signing/signing-setup";
import { type IdentitiesDocument, parseTrust, type SigilTrust, type TrustDocuments } from "@/lib/verify/trust-material";

const TRUSTED_ROOT_MEDIA_TYPE = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";

/** The part of a distinguished name a trusted root records: organisation and common name. */
function subjectOf(subject: string) {
  const field = (name: string) => new RegExp(`(?:^|\\n)${name}=([^\\n]*)`).exec(subject)?.[1] ?? "";
  return { organization: field("O"), commonName: field("CN") };
}

/**
 * `/.well-known/sigil/trusted_root.json`: a Sigstore TrustedRoot with the timestamp
 * authorities this registry has used (each valid from its first use), and the Sigstore
 * instance's certificate authorities and logs whenever SIGIL_SIGSTORE_TRUSTED_ROOT is set (in
 * keyless mode, and afterwards for as long as keyless publications must keep verifying). Never
 * the instance's own timestamp authorities: Sigil does not timestamp there, and listing them
 * would make verifiers demand their timestamps of registry-key signatures. Lists are empty
 * where nothing is in use.
 */
export async function trustedRootDocument(): Promise<unknown> {
  const config = readConfig();
  const sigstore = config.SIGIL_SIGSTORE_TRUSTED_ROOT ? TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(config.SIGIL_SIGSTORE_TRUSTED_ROOT, "utf8"))) : undefined;
  const authorities = await db().timestampAuthority.findMany({ orderBy: { validFrom: "asc" } });
  const timestampAuthorities: CertificateAuthority[] = authorities.map((authority) => {
    const chain = readCertificateChain(authority.certChainPem, `the timestamp authority ${authority.url}`);
    return {
      subject: subjectOf(chain[0]!.subject),
      uri: authority.url,
      // A v0.2 field (the deployment's operator); this document is v0.1.
      operator: "",
      certChain: { certificates: chain.map((certificate) => ({ rawBytes: certificate.raw })) },
      validFor: { start: authority.validFrom, end: authority.validTo ?? undefined },
    };
  });
  const root = TrustedRoot.toJSON({
    mediaType: TRUSTED_ROOT_MEDIA_TYPE,
    tlogs: sigstore?.tlogs ?? [],
    certificateAuthorities: sigstore?.certificateAuthorities ?? [],
    ctlogs: sigstore?.ctlogs ?? [],
    timestampAuthorities,
  }) as Record<string, unknown>;
  // protobuf's JSON leaves empty lists out; the document states them, empty.
  return { tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [], ...root };
}

/** `/.well-known/sigil/identities.json`: the keyless identities this registry has signed as, with their validity. */
export async function identitiesDocument(): Promise<IdentitiesDocument> {
  const identities = await db().signingIdentity.findMany({ orderBy: { validFrom: "asc" } });
  return {
    identities: identities.map((identity) => ({
      issuer: identity.issuer,
      subjectAlternativeName: identity.subjectAlternativeName,
      validFor: { start: identity.validFrom.toISOString(), ...(identity.validTo ? { end: identity.validTo.toISOString() } : {}) },
    })),
  };
}

/** The three documents clients pin, as served. */
export async function trustDocuments(): Promise<TrustDocuments> {
  const [keys, trustedRoot, identities] = await Promise.all([keysDocument(), trustedRootDocument(), identitiesDocument()]);
  return { keys, trustedRoot, identities };
}

// Trust changes rarely (a key rotated or marked compromised): the endpoint reads it again at
// most every second, rather than with three queries for every verification.
const TRUST_TTL_MS = 1000;
let cached: { trust: Promise<SigilTrust>; until: number; url: string | undefined } | undefined;

/** Drops this process's copy of the trust: called by whatever changes it here (other processes catch up within a second). */
export function forgetRegistryTrust(): void {
  cached = undefined;
}

/**
 * The registry's own trust, read as a client reads it: what the verification endpoint and
 * publication verify against. At most a second old.
 */
export function registryTrust(): Promise<SigilTrust> {
  const url = process.env.DATABASE_URL;
  if (!cached || cached.until < Date.now() || cached.url !== url) {
    const trust = trustDocuments().then(parseTrust);
    cached = { trust, until: Date.now() + TRUST_TTL_MS, url };
    // A failed read is not kept.
    trust.catch(() => {
      if (cached?.trust === trust) cached = undefined;
    });
  }
  return cached.trust;
}

import crypto from "node:crypto";
import { z } from "zod";
import { userActor } from "@/lib/actor";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { readConfig } from "@/lib/config";
import type { Tx } from "@/lib/db/client";
import { db } from "@/lib/db/client";
import { type NamespaceClaim, NamespaceClaimMethod, NamespaceProof } from "@/lib/db/generated/client";
import { conflict, notFound, SigilError } from "@/lib/errors";
import { addNamespaceOwner } from "@/lib/namespaces/add-namespace-owner";
import { checkDnsProof, type ProofCheck } from "@/lib/namespaces/dns-proof";
import { checkHttpProof, wellKnownUrl } from "@/lib/namespaces/http-proof";
import { claimableNamespace, domainOf } from "@/lib/namespaces/namespace-domain";
import { parseInput } from "@/lib/validation/parse-input";

/** Long enough to change a DNS zone and wait out its caches; short enough that a stale token dies. */
export const CLAIM_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** What a claim's owner publishes: the same text as a TXT record or as the well-known file. */
export const challengeOf = (token: string) => `sigil-verification=${token}`;

const methods = { dns: NamespaceClaimMethod.DNS, http: NamespaceClaimMethod.HTTP } as const;

const start = z.object({
  namespace: claimableNamespace,
  userId: z.string().min(1),
  method: z.enum(["dns", "http"], { message: 'must be "dns" or "http"' }),
});

const verify = z.object({ claimId: z.string().min(1), userId: z.string().min(1) });

/** What a user is told to publish, and where, for a claim. */
export interface ClaimInstructions {
  claimId: string;
  namespace: string;
  domain: string;
  method: "dns" | "http";
  token: string;
  /** The exact text to publish. */
  value: string;
  /** Where: `a TXT record on example.com`, or the well-known URL. */
  where: string;
  expiresAt: Date;
}

export function claimInstructions(claim: NamespaceClaim): ClaimInstructions {
  const domain = domainOf(claim.namespace);
  const isDns = claim.method === NamespaceClaimMethod.DNS;
  return {
    claimId: claim.id,
    namespace: claim.namespace,
    domain,
    method: isDns ? "dns" : "http",
    token: claim.token,
    value: challengeOf(claim.token),
    where: isDns ? `a TXT record on ${domain}` : `the body of ${wellKnownUrl(domain).href}`,
    expiresAt: claim.expiresAt,
  };
}

async function activeUser(tx: Tx, userId: string) {
  const user = await tx.user.findUnique({ where: { id: userId } });
  if (!user || user.disabledAt) throw notFound("The user does not exist.");
  return user;
}

/**
 * Starts proving a reverse-DNS namespace (`com.example` through the domain `example.com`): the
 * claim gets a random token, which the user publishes as `sigil-verification=<token>` in a TXT
 * record on the domain ("dns") or as the body of https://<domain>/.well-known/sigil-verification
 * ("http"), and then asks for verifyNamespaceClaim. The official registry publishes a public key
 * there instead and signs a timestamp with it, which suits a command-line publisher; a web
 * sign-in already says who the user is, so a per-claim challenge proves the same with nothing to
 * sign. A claim proves exactly its own namespace (`com.example.tools` needs tools.example.com),
 * because Sigil matches namespaces exactly. Starting again while an unexpired claim for the
 * same namespace and method is open returns that claim, so its token stays the one published.
 * Audited as `namespace.claim_started`.
 */
export async function startNamespaceClaim(input: z.input<typeof start>): Promise<ClaimInstructions> {
  const { namespace, userId, method } = parseInput(start, input, "namespace claim");
  return auditedTransaction(async (tx) => {
    await activeUser(tx, userId);
    const owned = await tx.namespaceOwner.findFirst({ where: { userId, namespace: { name: namespace } } });
    if (owned) throw conflict(`You already own the namespace "${namespace}".`);
    const now = transactionTime(tx);
    const open = await tx.namespaceClaim.findFirst({
      where: { namespace, userId, method: methods[method], verifiedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
    });
    if (open) return claimInstructions(open);
    const claim = await tx.namespaceClaim.create({
      data: {
        namespace,
        userId,
        method: methods[method],
        // 256 bits: nobody can guess or pre-publish another user's token.
        token: crypto.randomBytes(32).toString("base64url"),
        createdAt: now,
        expiresAt: new Date(now.getTime() + CLAIM_LIFETIME_MS),
      },
    });
    const instructions = claimInstructions(claim);
    await appendAuditEvent(tx, {
      actor: userActor(userId),
      action: "namespace.claim_started",
      subjectType: "namespace_claim",
      subjectId: claim.id,
      data: { namespace, domain: instructions.domain, method, value: instructions.value, expiresAt: claim.expiresAt.toISOString() },
    });
    return instructions;
  });
}

const expired = (claim: NamespaceClaim) =>
  new SigilError(410, "Gone", `This claim of "${claim.namespace}" expired at ${claim.expiresAt.toISOString()}; start a new claim to get a new token.`);

function checkClaim(claim: NamespaceClaim | null, userId: string, now: Date): NamespaceClaim {
  // Someone else's claim does not exist for this user: the answer must not name its namespace.
  if (!claim || claim.userId !== userId) throw notFound("There is no such namespace claim of yours.");
  if (claim.verifiedAt) throw conflict(`This claim of "${claim.namespace}" was already verified at ${claim.verifiedAt.toISOString()}.`);
  if (claim.expiresAt <= now) throw expired(claim);
  return claim;
}

/**
 * Checks a claim's published challenge and, when it is there, makes the user an owner of the
 * namespace (creating the namespace with proof DNS_TXT or HTTP_WELL_KNOWN and what was
 * checked). A failure says what was looked up and what was found, and writes nothing. The
 * lookup runs before the transaction: it may take seconds, and every audited write waits for
 * the transaction's lock. Audited as `namespace.claimed`.
 */
export async function verifyNamespaceClaim(input: z.input<typeof verify>) {
  const { claimId, userId } = parseInput(verify, input, "namespace claim verification");
  const claim = checkClaim(await db().namespaceClaim.findUnique({ where: { id: claimId } }), userId, new Date());
  const domain = domainOf(claim.namespace);
  const value = challengeOf(claim.token);
  const config = readConfig();
  const isDns = claim.method === NamespaceClaimMethod.DNS;
  const result: ProofCheck = isDns
    ? await checkDnsProof(domain, value, config.SIGIL_DNS_SERVERS)
    : await checkHttpProof(domain, value, config.SIGIL_WELL_KNOWN_ORIGIN_OVERRIDE);
  if (!result.ok) {
    const fix = isDns ? `Publish a TXT record "${value}" on ${domain}` : `Serve "${value}" as the body of ${result.checked}`;
    throw new SigilError(
      422,
      "Namespace Not Proven",
      `Sigil looked for "${value}" in ${result.checked} and found ${result.found}. ${fix}, then verify again before ${claim.expiresAt.toISOString()}.`,
    );
  }
  return auditedTransaction(async (tx) => {
    // Again under the lock: the claim may have been verified, or expired, in the meantime.
    const current = checkClaim(await tx.namespaceClaim.findUnique({ where: { id: claimId } }), userId, transactionTime(tx));
    await activeUser(tx, userId);
    const proof = isDns ? NamespaceProof.DNS_TXT : NamespaceProof.HTTP_WELL_KNOWN;
    const proofDetail = isDns
      ? { method: "dns", domain, txtRecord: value, claimId, checkedAt: transactionTime(tx).toISOString() }
      : { method: "http", domain, url: result.checked, body: value, claimId, checkedAt: transactionTime(tx).toISOString() };
    const { namespace, created } = await addNamespaceOwner(tx, { name: current.namespace, userId, proof, proofDetail });
    await tx.namespaceClaim.update({ where: { id: claimId }, data: { verifiedAt: transactionTime(tx) } });
    await appendAuditEvent(tx, {
      actor: userActor(userId),
      action: "namespace.claimed",
      subjectType: "namespace",
      subjectId: namespace.id,
      data: { name: namespace.name, userId, proof, proofDetail, newNamespace: created },
    });
    return { namespace, claim: { ...current, verifiedAt: transactionTime(tx) } };
  });
}

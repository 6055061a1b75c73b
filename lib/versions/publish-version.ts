import crypto from "node:crypto";
import type { Actor } from "@/lib/actor";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import { db } from "@/lib/db/client";
import { ReviewDecision, SigningMode, VersionState } from "@/lib/db/generated/client";
import { conflict, notFound } from "@/lib/errors";
import { reviewStatement } from "@/lib/signing/review-statement";
import { signStatement } from "@/lib/signing/sign-statement";
import { type SigningSetup, signingSetup } from "@/lib/signing/signing-setup";
import { registryTrust } from "@/lib/signing/trust-documents";
import { displayName } from "@/lib/users/display-name";
import { declaredPermissions, parseServerJson } from "@/lib/validation/server-json";
import { verifyPublication } from "@/lib/verify/verify-publication";
import { refreshLatestVersion } from "@/lib/versions/latest-version";
import { frozenRefusal, publishingFreeze } from "@/lib/versions/publishing-freeze";
import { transitionVersion } from "@/lib/versions/transition-version";

/** The points a publication passes, in order; an observer sees each (logs, and the tests that crash there). */
export type PublicationStep = "statement-built" | "signed" | "verified" | "attestation-written" | "state-changed" | "committed";

export interface PublishOptions {
  setup?: SigningSetup;
  onStep?: (step: PublicationStep) => void | Promise<void>;
}

/**
 * Publishes an approved version: builds the in-toto statement (the exact tarball, the scan
 * report's digest and verdict, the approvals, the declared permissions), signs it, verifies
 * the bundle as a client would against the registry's published trust (a bundle nobody could
 * verify is never published), then in one transaction stores the attestation and makes the
 * version PUBLISHED. Everything before that transaction writes nothing, so a crash at any step
 * leaves either nothing published or everything published; the publisher's sweep finishes
 * what a crash left APPROVED.
 */
export async function publishVersion(versionId: string, actor: Actor, options: PublishOptions = {}) {
  const step = async (name: PublicationStep) => options.onStep?.(name);
  const setup = options.setup ?? signingSetup();
  const version = await db().serverVersion.findUnique({
    where: { id: versionId },
    include: {
      scanReports: {
        orderBy: { createdAt: "desc" },
        take: 1,
        include: { reviews: { where: { decision: ReviewDecision.APPROVE }, orderBy: { createdAt: "asc" }, include: { reviewer: true } } },
      },
    },
  });
  if (!version) throw notFound(`Server version ${versionId} does not exist.`);
  if (version.state !== VersionState.APPROVED) throw conflict(`Only approved versions are published; this one is ${version.state}.`);
  const freeze = await publishingFreeze();
  if (freeze) throw frozenRefusal(freeze);
  const report = version.scanReports[0];
  const { packageIdentifier, packageVersion, integrity, sha256 } = version;
  if (!report || !report.reviews.length) throw conflict("This version has no approved scan report to publish.");
  if (!packageIdentifier || !packageVersion || !integrity || !sha256) throw conflict("This version has no scanned npm tarball to sign; it cannot be published.");

  const [clock] = await db().$queryRaw<{ now: Date }[]>`SELECT date_trunc('milliseconds', clock_timestamp()) AS now`;
  const publishedAt = clock!.now;
  const statement = reviewStatement({
    packageName: packageIdentifier,
    packageVersion,
    integrity,
    sha256,
    server: { name: version.serverName, version: version.version },
    serverJsonDigest: version.serverJsonDigest,
    report: { digest: report.contentDigest, verdict: report.verdict, scannerVersion: report.scannerVersion },
    approvals: report.reviews.map((review) => ({ reviewer: `user:${review.reviewerId}`, name: displayName(review.reviewer), at: review.createdAt, override: review.override })),
    permissions: declaredPermissions(parseServerJson(version.serverJson)),
    publishedAt,
  });
  await step("statement-built");
  const bundle = await signStatement(statement, setup.signer);
  await step("signed");

  const verdict = verifyPublication({
    bundle,
    expected: {
      server: { name: version.serverName, version: version.version },
      package: { name: packageIdentifier, version: packageVersion },
      digests: [{ source: "The scanned tarball", sha512: statement.subject[0]!.digest.sha512, sha256 }],
      serverJsonDigest: version.serverJsonDigest,
    },
    trust: await registryTrust(),
  });
  if (!verdict.verified) {
    throw conflict(`The signed publication does not verify against the registry's own trust material, so it was not published: ${verdict.reasons.map((r) => r.message).join(" ")}`);
  }
  await step("verified");

  const payload = Buffer.from((bundle as { dsseEnvelope: { payload: string } }).dsseEnvelope.payload, "base64");
  const published = await auditedTransaction(async (tx) => {
    const latestReport = await tx.scanReport.findFirst({ where: { versionId }, orderBy: { createdAt: "desc" }, select: { id: true } });
    if (latestReport?.id !== report.id) throw conflict("The version was scanned again while it was being signed; it needs a fresh review.");
    const frozen = await publishingFreeze(tx);
    if (frozen) throw frozenRefusal(frozen);
    const signer = verdict.signer!;
    const attestation = await tx.attestation.create({
      data: {
        versionId,
        mode: setup.signer.mode === "SIGSTORE_KEYLESS" ? SigningMode.SIGSTORE_KEYLESS : SigningMode.REGISTRY_KEY,
        bundle,
        statementDigest: crypto.createHash("sha256").update(payload).digest("hex"),
        keyId: signer.kind === "registry-key" ? signer.keyId : null,
        identity: signer.kind === "keyless" ? signer.subjectAlternativeName : null,
        signedAt: new Date(verdict.signedAt!),
      },
    });
    await step("attestation-written");
    await transitionVersion(tx, {
      versionId,
      to: VersionState.PUBLISHED,
      actor,
      action: "version.published",
      data: { attestationId: attestation.id, statementDigest: attestation.statementDigest, keyId: attestation.keyId, identity: attestation.identity, mode: attestation.mode },
      set: { publishedAt },
    });
    await refreshLatestVersion(tx, version.serverId);
    await step("state-changed");
    return tx.serverVersion.findUniqueOrThrow({ where: { id: versionId } });
  });
  await step("committed");
  return published;
}

import { z } from "zod";
import { IN_TOTO_PAYLOAD_TYPE } from "@/lib/signing/sign-statement";
import { IN_TOTO_STATEMENT_TYPE, npmPurl, REVIEW_PREDICATE_TYPE } from "@/lib/signing/review-statement";
import { VerificationFailure } from "@/lib/verify/verification-failure";

const reviewStatementShape = z.object({
  _type: z.literal(IN_TOTO_STATEMENT_TYPE),
  subject: z.array(z.object({ name: z.string(), digest: z.record(z.string(), z.string()) })).min(1),
  predicateType: z.literal(REVIEW_PREDICATE_TYPE),
  predicate: z.object({
    server: z.object({ name: z.string(), version: z.string() }),
    serverJson: z.object({ digest: z.object({ sha256: z.string() }) }),
    scanReport: z.object({ digest: z.object({ sha256: z.string() }), verdict: z.string(), scanner: z.string() }),
    approvals: z.array(z.object({ reviewer: z.string(), name: z.string(), approvedAt: z.string(), override: z.boolean().optional() })).min(1),
    permissions: z.unknown(),
    publishedAt: z.iso.datetime({ offset: true }),
  }),
});
export type ReviewStatement = z.infer<typeof reviewStatementShape>;

/** Digests (hex) a tarball is known to have, and where that knowledge comes from (for the message). */
export interface KnownDigests {
  source: string;
  sha512?: string;
  sha256?: string;
}

/** What a verified statement must be about. */
export interface ExpectedPublication {
  server: { name: string; version: string };
  package: { name: string; version: string };
  /** At least one source; every digest given must equal the statement's. */
  digests: KnownDigests[];
  /** The canonical digest of the server.json the client was given, which must be the one reviewed. */
  serverJsonDigest?: string;
}

/** Parses the signed payload as Sigil's review statement; anything else is STATEMENT_INVALID. */
export function readReviewStatement(payloadType: string, payload: Buffer): ReviewStatement {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) throw new VerificationFailure("STATEMENT_INVALID", `The envelope carries ${payloadType}, not an in-toto statement.`);
  let document: { _type?: unknown; predicateType?: unknown };
  try {
    document = JSON.parse(payload.toString("utf8"));
  } catch {
    throw new VerificationFailure("STATEMENT_INVALID", "The signed payload is not JSON.");
  }
  if (document?._type !== IN_TOTO_STATEMENT_TYPE) throw new VerificationFailure("STATEMENT_INVALID", `The statement's _type is ${JSON.stringify(document?._type)}, not ${IN_TOTO_STATEMENT_TYPE}.`);
  if (document.predicateType !== REVIEW_PREDICATE_TYPE) throw new VerificationFailure("STATEMENT_INVALID", `The predicate type is ${JSON.stringify(document.predicateType)}, not Sigil's review (${REVIEW_PREDICATE_TYPE}).`);
  const parsed = reviewStatementShape.safeParse(document);
  if (!parsed.success) throw new VerificationFailure("STATEMENT_INVALID", `The review statement is malformed: ${z.prettifyError(parsed.error).replace(/\s+/g, " ")}`);
  return parsed.data;
}

/**
 * The checks @sigstore/verify leaves to its caller: that the statement is about the server
 * version and the npm package@version asked for, and that its subject's digests are the
 * tarball's. Returns every mismatch found.
 */
export function statementMismatches(statement: ReviewStatement, expected: ExpectedPublication): VerificationFailure[] {
  const failures: VerificationFailure[] = [];
  const { server } = statement.predicate;
  if (server.name !== expected.server.name || server.version !== expected.server.version) {
    failures.push(new VerificationFailure("SUBJECT_MISMATCH", `The statement is about ${server.name}@${server.version}, not ${expected.server.name}@${expected.server.version}.`));
  }
  if (expected.serverJsonDigest && expected.serverJsonDigest !== statement.predicate.serverJson.digest.sha256) {
    failures.push(new VerificationFailure("SUBJECT_MISMATCH", "The server.json given is not the one that was reviewed and signed (its environment variables, packages or permissions may differ)."));
  }
  const purl = npmPurl(expected.package.name, expected.package.version);
  const subject = statement.subject.find((candidate) => candidate.name === purl);
  if (!subject) {
    failures.push(new VerificationFailure("SUBJECT_MISMATCH", `The statement signs ${statement.subject.map((s) => s.name).join(", ")}, not ${purl}.`));
    return failures;
  }
  if (!expected.digests.some((known) => known.sha512 || known.sha256)) throw new Error("statementMismatches needs at least one known digest");
  for (const known of expected.digests) {
    for (const algorithm of ["sha512", "sha256"] as const) {
      const value = known[algorithm]?.toLowerCase();
      if (value && subject.digest[algorithm]?.toLowerCase() !== value) {
        failures.push(new VerificationFailure("DIGEST_MISMATCH", `${known.source} has ${algorithm} ${value.slice(0, 16)}…, but the statement signs ${subject.digest[algorithm]?.slice(0, 16) ?? "none"}…: these are not the bytes that were reviewed.`));
      }
    }
  }
  return failures;
}

import type { Permissions } from "@/lib/validation/permissions";

export const IN_TOTO_STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
/** Sigil's own predicate type: what this registry attests about a version it publishes. */
export const REVIEW_PREDICATE_TYPE = "https://sigil.dev/attestation/review/v1";

export interface ReviewStatementInput {
  packageName: string;
  packageVersion: string;
  /** The tarball's integrity as npm writes it: `sha512-<base64>`. */
  integrity: string;
  /** The tarball's SHA-256, hex. */
  sha256: string;
  server: { name: string; version: string };
  /** sha256 (hex) of the RFC 8785 canonical JSON of the server.json as submitted. */
  serverJsonDigest: string;
  report: { digest: string; verdict: string; scannerVersion: string };
  /** Each approval of the report: the reviewer as the audit log names them (`user:<id>`), their display name, when, and whether an admin overrode a failing scan. */
  approvals: { reviewer: string; name: string; at: Date; override: boolean }[];
  permissions: Permissions | null;
  publishedAt: Date;
}

/** `pkg:npm/<name>@<version>`, the purl of an npm package, with a scope's `@` written `%40`. */
export const npmPurl = (name: string, version: string) => `pkg:npm/${name.replace(/^@/, "%40")}@${version}`;

/** The hex SHA-512 inside an npm integrity string; refuses anything but one sha512 hash. */
export function sha512HexOf(integrity: string): string {
  const match = /^sha512-([A-Za-z0-9+/]{86}==)$/.exec(integrity.trim());
  if (!match) throw new Error(`Not a single sha512 integrity: ${integrity.slice(0, 20)}…`);
  return Buffer.from(match[1]!, "base64").toString("hex");
}

/**
 * The in-toto v1 statement Sigil signs when it publishes a version: its subject is the exact
 * npm tarball (purl, SHA-512 and SHA-256 in hex); its predicate binds the server name and
 * version to the scan report (by digest), the approvals and the permissions declared.
 */
export function reviewStatement(input: ReviewStatementInput) {
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [{ name: npmPurl(input.packageName, input.packageVersion), digest: { sha512: sha512HexOf(input.integrity), sha256: input.sha256.toLowerCase() } }],
    predicateType: REVIEW_PREDICATE_TYPE,
    predicate: {
      server: input.server,
      serverJson: { digest: { sha256: input.serverJsonDigest } },
      scanReport: { digest: { sha256: input.report.digest }, verdict: input.report.verdict, scanner: input.report.scannerVersion },
      approvals: input.approvals.map((a) => ({ reviewer: a.reviewer, name: a.name, approvedAt: a.at.toISOString(), ...(a.override ? { override: true } : {}) })),
      permissions: input.permissions,
      publishedAt: input.publishedAt.toISOString(),
    },
  };
}

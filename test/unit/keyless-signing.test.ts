import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keylessPayloadSigner } from "@/lib/signing/payload-signer";
import { signStatement } from "@/lib/signing/sign-statement";
import { parseTrust } from "@/lib/verify/trust-material";
import { verifyPublication } from "@/lib/verify/verify-publication";
import { oidcToken, startMockSigstore } from "../support/mock-sigstore";
import { fixturePublication, statementFor } from "../support/signing-fixtures";

const ISSUER = "https://token.actions.githubusercontent.com";
const IDENTITY = "https://github.com/sigil-dev/registry/.github/workflows/publish.yml@refs/heads/main";

let sigstore: Awaited<ReturnType<typeof startMockSigstore>>;
beforeAll(async () => {
  sigstore = await startMockSigstore();
});
afterAll(() => sigstore?.close());

const publication = fixturePublication();
const signAs = (claims: Record<string, unknown>) =>
  signStatement(statementFor(publication), keylessPayloadSigner({ fulcioUrl: sigstore.url, rekorUrl: sigstore.url, identityProvider: { getToken: async () => oidcToken(claims) } }));
const trustPinning = (identities: { issuer: string; subjectAlternativeName: string }[]) =>
  parseTrust({ keys: { keys: [] }, trustedRoot: sigstore.trustedRoot, identities: { identities: identities.map((identity) => ({ ...identity, validFor: { start: "2026-01-01T00:00:00Z" } })) } });

describe("keyless signing through Fulcio and Rekor (@sigstore/mock)", () => {
  it("signs with a Fulcio certificate and a Rekor entry, and verifies with the pinned identity", async () => {
    const bundle = await signAs({ iss: ISSUER, sub: IDENTITY });
    expect(bundle.verificationMaterial.certificate ?? bundle.verificationMaterial.x509CertificateChain).toBeTruthy();
    expect(bundle.verificationMaterial.tlogEntries).toHaveLength(1);
    const verdict = verifyPublication({ bundle, expected: publication.expected, trust: trustPinning([{ issuer: ISSUER, subjectAlternativeName: IDENTITY }]) });
    expect(verdict).toMatchObject({ verified: true, reasons: [], signer: { kind: "keyless", issuer: ISSUER, subjectAlternativeName: IDENTITY } });
  });

  it("refuses another identity, even one the pinned identity is a prefix of (the SAN is anchored and escaped)", async () => {
    const trust = trustPinning([{ issuer: ISSUER, subjectAlternativeName: IDENTITY }]);
    for (const sub of [`${IDENTITY}-evil`, IDENTITY.replace("registry", "registry.evil"), IDENTITY.replace(/\./g, "x")]) {
      const verdict = verifyPublication({ bundle: await signAs({ iss: ISSUER, sub }), expected: publication.expected, trust });
      expect(verdict.reasons.map((r) => r.code)).toEqual(["IDENTITY_MISMATCH"]);
    }
  });

  it("refuses the right SAN from another issuer", async () => {
    const verdict = verifyPublication({ bundle: await signAs({ iss: "https://accounts.example.com", sub: IDENTITY }), expected: publication.expected, trust: trustPinning([{ issuer: ISSUER, subjectAlternativeName: IDENTITY }]) });
    expect(verdict.reasons.map((r) => r.code)).toEqual(["IDENTITY_MISMATCH"]);
  });

  it("refuses a keyless bundle when no identity is pinned, and a certificate from a CA not in the trusted root", async () => {
    const bundle = await signAs({ iss: ISSUER, sub: IDENTITY });
    expect(verifyPublication({ bundle, expected: publication.expected, trust: trustPinning([]) }).reasons.map((r) => r.code)).toEqual(["IDENTITY_MISMATCH"]);
    const otherInstance = await startMockSigstore();
    try {
      const trust = parseTrust({ keys: { keys: [] }, trustedRoot: otherInstance.trustedRoot, identities: { identities: [{ issuer: ISSUER, subjectAlternativeName: IDENTITY, validFor: { start: "2026-01-01T00:00:00Z" } }] } });
      expect(verifyPublication({ bundle, expected: publication.expected, trust }).verified).toBe(false);
    } finally {
      await otherInstance.close();
    }
  });
});

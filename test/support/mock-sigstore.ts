import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fulcioHandler, type HandlerFn, initializeCA, initializeCTLog, initializeTLog, rekorHandler } from "@sigstore/mock";
import { HashAlgorithm, PublicKeyDetails, TrustedRoot } from "@sigstore/protobuf-specs";

/** An unsigned OIDC token with these claims: @sigstore/mock's Fulcio reads the claims without checking a signature. */
export const oidcToken = (claims: Record<string, unknown>) =>
  `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${Buffer.from(JSON.stringify({ aud: "sigstore", iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600, ...claims })).toString("base64url")}.`;

interface ProposedDsseEntry {
  kind: string;
  apiVersion: string;
  spec: { proposedContent?: { envelope: string; verifiers: string[] } };
}

/**
 * What Rekor stores for a proposed `dsse` entry (its canonical body: the envelope's and
 * payload's hashes and the signatures with their verifiers). @sigstore/mock's Rekor logs a
 * proposed entry as it comes, which is right for other kinds but not for this one.
 */
function canonicalDsseEntry(body: string): string {
  const entry = JSON.parse(body) as ProposedDsseEntry;
  if (entry.kind !== "dsse" || !entry.spec.proposedContent) return body;
  const { envelope, verifiers } = entry.spec.proposedContent;
  const parsed = JSON.parse(envelope) as { payload: string; signatures: { sig: string }[] };
  const sha256 = (data: Buffer | string) => crypto.createHash("sha256").update(data).digest("hex");
  return JSON.stringify({
    apiVersion: entry.apiVersion,
    kind: "dsse",
    spec: {
      envelopeHash: { algorithm: "sha256", value: sha256(envelope) },
      payloadHash: { algorithm: "sha256", value: sha256(Buffer.from(parsed.payload, "base64")) },
      signatures: parsed.signatures.map((signature, index) => ({ signature: signature.sig, verifier: verifiers[index] ?? verifiers[0] })),
    },
  });
}

/**
 * Fulcio and Rekor from @sigstore/mock, served over HTTP on 127.0.0.1 so that the registry's
 * real keyless signer talks to them as to the public-good instance, offline. The CA certifies
 * the token's `sub` as the SAN and its `iss` as the issuer extension. `trustedRoot` is the
 * instance's trusted_root.json, as SIGIL_SIGSTORE_TRUSTED_ROOT would hold it.
 */
export async function startMockSigstore() {
  const keyPair = () => crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const ctLog = await initializeCTLog(keyPair());
  const ca = await initializeCA(keyPair(), ctLog);
  const routes = new Map<string, HandlerFn>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const handler = req.method === "POST" ? routes.get(req.url ?? "") : undefined;
      if (!handler) {
        res.writeHead(404).end();
        return;
      }
      const { statusCode, response, contentType } = await handler(Buffer.concat(chunks).toString());
      res.writeHead(statusCode, { "content-type": contentType ?? "text/plain" });
      res.end(typeof response === "string" ? response : Buffer.from(response.buffer, response.byteOffset, response.byteLength));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tlog = await initializeTLog(url, keyPair());
  const fulcio = fulcioHandler(ca);
  const rekor = rekorHandler(tlog);
  routes.set(fulcio.path, fulcio.fn);
  routes.set(rekor.path, (body) => rekor.fn(canonicalDsseEntry(body)));

  const epoch = { start: new Date(0), end: undefined };
  const logKey = (publicKey: Buffer) => ({ rawBytes: publicKey, keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256, validFor: epoch });
  const trustedRoot = TrustedRoot.toJSON({
    mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
    certificateAuthorities: [{ subject: { organization: "sigstore-mock", commonName: "sigstore" }, uri: url, operator: "", certChain: { certificates: [{ rawBytes: Buffer.from(ca.rootCertificate.buffer) }] }, validFor: epoch }],
    tlogs: [{ baseUrl: url, hashAlgorithm: HashAlgorithm.SHA2_256, publicKey: logKey(tlog.publicKey), logId: { keyId: crypto.createHash("sha256").update(tlog.publicKey).digest() }, checkpointKeyId: undefined, operator: "" }],
    ctlogs: [{ baseUrl: url, hashAlgorithm: HashAlgorithm.SHA2_256, publicKey: logKey(ctLog.publicKey), logId: { keyId: Buffer.from(ctLog.logID.buffer) }, checkpointKeyId: undefined, operator: "" }],
    timestampAuthorities: [],
  });
  return {
    /** Fulcio and Rekor both answer here. */
    url,
    trustedRoot,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

import crypto from "node:crypto";
import { RFC3161Timestamp } from "@sigstore/core";
import type { SignatureBundle, VerificationMaterial, Witness } from "@sigstore/sign";

// DER, by hand: @sigstore/core reads ASN.1 but does not write it, and a TimeStampReq is four
// fixed fields (RFC 3161, section 2.4.1).
const der = (tag: number, content: Buffer): Buffer => {
  const length = content.length < 0x80 ? Buffer.from([content.length]) : Buffer.from([0x81, content.length]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
};
const SHA256_ALGORITHM = der(0x30, Buffer.concat([der(0x06, Buffer.from("608648016503040201", "hex")), Buffer.from([0x05, 0x00])]));

function timeStampRequest(digest: Buffer, nonce: Buffer): Buffer {
  const positiveNonce = nonce[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), nonce]) : nonce;
  return der(
    0x30,
    Buffer.concat([
      der(0x02, Buffer.from([1])),
      der(0x30, Buffer.concat([SHA256_ALGORITHM, der(0x04, digest)])),
      der(0x02, positiveNonce),
      der(0x01, Buffer.from([0xff])), // certReq: the token carries the TSA's certificate
    ]),
  );
}

/**
 * Timestamps a signature at an RFC 3161 timestamp authority (`application/timestamp-query`
 * over HTTP: a Sigstore TSA, a public TSA, or `openssl ts` behind a small server), as a
 * @sigstore/sign Witness. The bundle keeps the DER TimeStampResp, as the bundle format says;
 * @sigstore/verify checks it against the trusted root's timestamp authorities. The TSA must
 * sign with ECDSA, the algorithm family @sigstore/core verifies.
 */
export class Rfc3161Witness implements Witness {
  constructor(
    private readonly url: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async testify(content: SignatureBundle): Promise<VerificationMaterial> {
    const signature = content.$case === "dsseEnvelope" ? content.dsseEnvelope.signatures[0]!.sig : content.messageSignature.signature;
    const digest = crypto.createHash("sha256").update(signature).digest();
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/timestamp-query", accept: "application/timestamp-reply" },
      body: new Uint8Array(timeStampRequest(digest, crypto.randomBytes(8))),
      signal: AbortSignal.timeout(this.timeoutMs),
      redirect: "error",
    }).catch((error: unknown) => {
      throw new Error(`The timestamp authority at ${this.url} could not be reached: ${(error as Error).message}`);
    });
    if (!response.ok) throw new Error(`The timestamp authority at ${this.url} answered ${response.status} ${response.statusText}.`);
    const reply = Buffer.from(await response.arrayBuffer());
    let timestamp: RFC3161Timestamp;
    try {
      timestamp = RFC3161Timestamp.parse(reply);
      // 0 granted, 1 granted with modifications; anything else carries no token.
      if (timestamp.status > 1n) throw new Error(`status ${timestamp.status}`);
      timestamp.tstInfo.verify(signature);
    } catch (error) {
      throw new Error(`The timestamp authority at ${this.url} did not timestamp the signature: ${(error as Error).message}`);
    }
    return { rfc3161Timestamps: [{ signedTimestamp: reply }] };
  }
}

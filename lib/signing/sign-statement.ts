import type { SerializedBundle } from "@sigstore/bundle";
import type { PayloadSigner } from "@/lib/signing/payload-signer";

export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

/** Signs an in-toto statement as a DSSE envelope in a Sigstore bundle (v0.3 JSON). */
export function signStatement(statement: object, signer: PayloadSigner): Promise<SerializedBundle> {
  return signer.sign(Buffer.from(JSON.stringify(statement)), IN_TOTO_PAYLOAD_TYPE);
}

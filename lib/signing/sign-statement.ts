import { bundleToJSON, type SerializedBundle } from "@sigstore/bundle";
import { DSSEBundleBuilder } from "@sigstore/sign";
import type { RegistryKey } from "@/lib/signing/registry-key";
import { RegistryKeySigner } from "@/lib/signing/registry-key-signer";

export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

/** Signs an in-toto statement as a DSSE envelope in a Sigstore bundle (v0.3 JSON) with the registry key. */
export async function signStatement(statement: object, key: RegistryKey): Promise<SerializedBundle> {
  const builder = new DSSEBundleBuilder({ signer: new RegistryKeySigner(key), witnesses: [] });
  const bundle = await builder.create({ data: Buffer.from(JSON.stringify(statement)), type: IN_TOTO_PAYLOAD_TYPE });
  return bundleToJSON(bundle);
}

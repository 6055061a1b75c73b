import crypto from "node:crypto";
import ssri from "ssri";

export interface TarballDigests {
  /** Subresource-integrity string, `sha512-<base64>`, as npm records it. */
  integrity: string;
  /** Hex sha256 of the same bytes, for the in-toto subject. */
  sha256: string;
  size: number;
}

export function digestTarball(bytes: Buffer): TarballDigests {
  return {
    integrity: ssri.fromData(bytes, { algorithms: ["sha512"] }).toString(),
    sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
    size: bytes.length,
  };
}

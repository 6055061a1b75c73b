import type { VerificationCode } from "@/lib/verify/verification-failure";

/**
 * A reason the client CLI stops: what the user reads, the reason's code, and the exit code
 * (1: the version does not verify; 2: the command could not be carried out).
 */
export class ClientError extends Error {
  constructor(
    readonly code: VerificationCode | "USAGE" | "CONFIG" | "TRUST_INSECURE",
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
    this.name = "ClientError";
  }
}

/**
 * A scan that could not be completed (exit code 2 of `sigil scan`), with a reason a user can
 * act on: the package does not exist, its bytes do not match the registry's integrity, the
 * archive breaks a safety limit, and so on.
 */
export class ScanError extends Error {
  constructor(
    readonly code: "bad-target" | "bad-setting" | "not-found" | "integrity-mismatch" | "fetch-failed" | "unsafe-archive",
    message: string,
  ) {
    super(message);
    this.name = "ScanError";
  }
}

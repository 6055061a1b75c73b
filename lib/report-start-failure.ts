import { SigilError } from "@/lib/errors";
import { log } from "@/lib/log";

/** A known failure is told as its message; anything else also gets its stack, for a bug report. */
export function reportStartFailure(program: string, error: unknown): void {
  if (error instanceof SigilError) log.error({ errors: error.errors.length ? error.errors : undefined }, `${program} could not start: ${error.detail}`);
  else log.error({ err: error }, `${program} could not start: ${error instanceof Error ? error.message : String(error)}`);
}

import { type FieldError, SigilError } from "@/lib/errors";
import { log } from "@/lib/log";

/** What a server action hands back to its form. */
export interface FormState {
  message?: string;
  /** Field errors by form field name (the first segment of each error's location). */
  fields?: Record<string, string>;
  /** Every field error with its full location (`packages[0].version`), for documents pasted whole. */
  errors?: FieldError[];
  /** What succeeded, when the action stays on the page. */
  done?: string;
}

/** A SigilError as the form shows it; anything else as a generic failure, logged with an id. */
export function formFailure(error: unknown): FormState {
  if (error instanceof SigilError) {
    return { message: error.detail, fields: Object.fromEntries(error.errors.map((e) => [e.location.split(/[.[]/)[0]!, e.message])), errors: error.errors };
  }
  const errorId = crypto.randomUUID();
  log.error({ errorId, err: error }, "unhandled error in a server action");
  return { message: `Something went wrong on the registry (error id ${errorId}).` };
}

import type { z } from "zod";
import { type FieldError, type SigilError, validationFailed } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/validation/field-path";

/**
 * Parses input with a zod schema, turning a failure into a SigilError that names each field:
 * 422 by default (a body that does not validate), or the error `makeError` builds.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
  makeError: (detail: string, errors: FieldError[]) => SigilError = validationFailed,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = fieldErrorsOf(result.error);
  throw makeError(`Invalid ${what}: ${errors.map((e) => `${e.location}: ${e.message}`).join("; ")}`, errors);
}

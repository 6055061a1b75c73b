import { z } from "zod";
import { badRequest } from "@/lib/errors";
import { isPlainText } from "@/lib/validation/storable-text";
import { parseInput } from "@/lib/validation/parse-input";

const booleanParam = z
  .enum(["true", "false"], { message: 'must be "true" or "false"' })
  .transform((v) => v === "true");

const text = () => z.string().refine(isPlainText, "must not contain control characters");

export const listServersParams = z.object({
  cursor: text().min(1, "must not be empty").max(1024).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, "must be an integer between 1 and 100")
    .transform(Number)
    .pipe(z.number().int().min(1, "must be at least 1").max(100, "must be at most 100"))
    .default(30),
  search: text().max(200, "must be at most 200 characters").optional(),
  updated_since: z
    .string()
    // RFC 3339 allows a lower-case "t" and "z".
    .transform((v) => v.toUpperCase())
    .pipe(z.iso.datetime({ offset: true, message: "must be an RFC 3339 date-time such as 2025-08-07T13:15:04.280Z" }))
    .transform((v) => new Date(v))
    .optional(),
  version: text().min(1, "must not be empty").max(255, "must be at most 255 characters").optional(),
  include_deleted: booleanParam.default(false),
});

export const includeDeletedParams = z.object({ include_deleted: booleanParam.default(false) });

/** Parses URL query parameters; a bad one is a 400 that names it. */
export function parseQuery<S extends z.ZodType>(schema: S, searchParams: URLSearchParams): z.output<S> {
  return parseInput(schema, Object.fromEntries(searchParams), "query parameters", badRequest);
}

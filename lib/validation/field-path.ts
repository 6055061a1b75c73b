import type { z } from "zod";
import type { FieldError } from "@/lib/errors";

/** `["packages", 0, "version"]` → `packages[0].version`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || "(root)";
}

export function fieldErrorsOf(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldError[] {
  return error.issues.map((issue) => ({
    location: formatFieldPath([...prefix, ...issue.path]),
    message: issue.message,
  }));
}

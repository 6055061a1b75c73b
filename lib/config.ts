import path from "node:path";
import { z } from "zod";
import { badRequest } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";

const environment = z.object({
  PORT: z.coerce
    .number({ message: "must be a port number from 1 to 65535" })
    .int("must be a port number from 1 to 65535")
    .min(1, "must be a port number from 1 to 65535")
    .max(65535, "must be a port number from 1 to 65535")
    .default(3000),
  // Not HOSTNAME: shells and containers export that as the machine's name.
  SIGIL_HOST: z.string().min(1).default("0.0.0.0"),
  SIGIL_DATA_DIR: z.string().min(1).default(".sigil"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .optional(),
  /** The URL clients reach this registry at, when it differs from what the request shows. */
  SIGIL_PUBLIC_URL: z.url().optional(),
  /** Believe X-Forwarded-Host/-Proto (only behind a proxy that sets them). */
  SIGIL_TRUST_PROXY: z.enum(["true", "false"], { message: 'must be "true" or "false"' }).optional(),
});

export type SigilConfig = ReturnType<typeof readConfig>;

/** Sigil's settings from the environment, with the embedded defaults. */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = parseInput(environment, env, "environment", badRequest);
  return { ...parsed, dataDir: path.resolve(parsed.SIGIL_DATA_DIR) };
}

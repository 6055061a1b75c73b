import path from "node:path";
import { z } from "zod";
import { badRequest } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";

/** A whole number from `min` to `max`, read from an environment variable's text. */
const wholeNumber = (min: number, max: number, fallback: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ message }).int(message).min(min, message).max(max, message).default(fallback);
};

const environment = z.object({
  PORT: wholeNumber(1, 65535, 3000),
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
  /** Scans run at once per process; 0 in `npm start` leaves scanning to `npm run worker` processes. */
  SIGIL_WORKER_CONCURRENCY: wholeNumber(0, 64, 2),
  /** A scan still running after this long is stopped and counts as a failed attempt. */
  SIGIL_SCAN_TIMEOUT_SECONDS: wholeNumber(5, 86_400, 600),
  /** Attempts before a scan job is dead; retries wait e^attempt seconds (3 s, 7 s, 20 s, 55 s, ...). */
  SIGIL_SCAN_MAX_ATTEMPTS: wholeNumber(1, 25, 5),
  /** A worker renews its hold on a running scan this often (a third of it); a job not renewed for this long is taken over. */
  SIGIL_SCAN_LEASE_SECONDS: wholeNumber(2, 3600, 30),
});

export type SigilConfig = ReturnType<typeof readConfig>;

/** Sigil's settings from the environment, with the embedded defaults. */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = parseInput(environment, env, "environment", badRequest);
  return { ...parsed, dataDir: path.resolve(parsed.SIGIL_DATA_DIR) };
}

import net from "node:net";
import path from "node:path";
import { z } from "zod";
import { badRequest } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";

/** `1.2.3.4`, `1.2.3.4:53`, `::1` or `[::1]:53`: what dns.Resolver#setServers accepts. */
function isDnsServer(text: string): boolean {
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([\d.]+):(\d+)$/.exec(text) ?? /^(.+)()$/.exec(text)!;
  const [, address, port] = match;
  return net.isIP(address!) !== 0 && (port === "" || (Number(port) >= 1 && Number(port) <= 65535));
}

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
  /** Signs session cookies; generated into the data directory when unset. Set it (32+ characters) when several web processes serve one registry. */
  SIGIL_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** GitHub OAuth app for "Sign in with GitHub" (both or neither). */
  SIGIL_GITHUB_CLIENT_ID: z.string().min(1).optional(),
  SIGIL_GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
  /** GitHub's web and API origins: GitHub Enterprise, or a local fake in tests. */
  SIGIL_GITHUB_URL: z.url().default("https://github.com"),
  SIGIL_GITHUB_API_URL: z.url().default("https://api.github.com"),
  /** The registry's ECDSA P-256 signing key as PEM (a mounted secret's contents); or a file holding it. Default: generated into the data directory. */
  SIGIL_SIGNING_KEY_PEM: z.string().min(1).optional(),
  SIGIL_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** How publications are signed: with the registry's key (default), or keyless through Sigstore (Fulcio and Rekor). */
  SIGIL_SIGNING_MODE: z.enum(["registry-key", "keyless"], { message: 'must be "registry-key" or "keyless"' }).default("registry-key"),
  /** An RFC 3161 timestamp authority every signature is timestamped at, and the PEM certificate chain it signs with (leaf first). */
  SIGIL_TSA_URL: z.url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" }).optional(),
  SIGIL_TSA_CERT_CHAIN_FILE: z.string().min(1).optional(),
  /** Keyless mode: the Sigstore instance (public good by default, or a private one) and its trusted_root.json. */
  SIGIL_FULCIO_URL: z.url().default("https://fulcio.sigstore.dev"),
  SIGIL_REKOR_URL: z.url().default("https://rekor.sigstore.dev"),
  SIGIL_SIGSTORE_TRUSTED_ROOT: z.string().min(1).optional(),
  /** Keyless mode: a file holding the workload's OIDC token (re-read for every signature, as projected tokens rotate). */
  SIGIL_OIDC_TOKEN_FILE: z.string().min(1).optional(),
  /** Keyless mode: the identity verifiers pin: the certificate's exact SAN and the token's issuer. */
  SIGIL_KEYLESS_IDENTITY: z.string().min(1).optional(),
  SIGIL_KEYLESS_ISSUER: z.url().optional(),
  /** Lets this start replace the registry's signing key, keyless identity or timestamp authority with the configured ones. */
  SIGIL_SIGNING_ROTATE: z.enum(["true", "false"], { message: 'must be "true" or "false"' }).default("false").transform((value) => value === "true"),
  /** How long a signed revocation list is valid; offline clients refuse an older one. */
  SIGIL_REVOCATION_LIST_HOURS: wholeNumber(1, 24 * 30, 24),
  /** Scans run at once per process; 0 in `npm start` leaves scanning to `npm run worker` processes. */
  SIGIL_WORKER_CONCURRENCY: wholeNumber(0, 64, 2),
  /** A scan still running after this long is stopped and counts as a failed attempt. */
  SIGIL_SCAN_TIMEOUT_SECONDS: wholeNumber(5, 86_400, 600),
  /** Attempts before a scan job is dead; retries wait e^attempt seconds (3 s, 7 s, 20 s, 55 s, ...). */
  SIGIL_SCAN_MAX_ATTEMPTS: wholeNumber(1, 25, 5),
  /** A worker renews its hold on a running scan this often (a third of it); a job not renewed for this long is taken over. */
  SIGIL_SCAN_LEASE_SECONDS: wholeNumber(2, 3600, 30),
  /** The registry admins import candidates from when they name none: the official MCP Registry. */
  SIGIL_UPSTREAM_REGISTRY: z
    .url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" })
    .default("https://registry.modelcontextprotocol.io"),
  /** DNS servers that namespace proofs ask for TXT records (`1.1.1.1,127.0.0.1:5353,[::1]:53`); unset: the system's. */
  SIGIL_DNS_SERVERS: z
    .string()
    .transform((text) => text.split(",").map((server) => server.trim()).filter(Boolean))
    .refine((servers) => servers.length > 0 && servers.every(isDnsServer), 'must be IP addresses with optional ports, separated by commas, such as "127.0.0.1:5353"')
    .optional(),
  /** Tests only: HTTP namespace proofs are fetched from this origin instead of https://<domain>. */
  SIGIL_WELL_KNOWN_ORIGIN_OVERRIDE: z
    .url()
    .refine((text) => /^https?:$/.test(new URL(text).protocol) && new URL(text).origin === text.replace(/\/$/, ""), 'must be an http(s) origin such as "http://127.0.0.1:8080"')
    .optional(),
});

// Settings that only make sense together: each missing partner is named.
const settings = environment.superRefine((value, context) => {
  const need = (name: keyof typeof value, because: string) => {
    if (!value[name]) context.addIssue({ code: "custom", path: [name], message: `must be set ${because}` });
  };
  if (value.SIGIL_TSA_URL) need("SIGIL_TSA_CERT_CHAIN_FILE", "with SIGIL_TSA_URL (the chain the authority signs with, which verifiers trust)");
  if (value.SIGIL_TSA_CERT_CHAIN_FILE) need("SIGIL_TSA_URL", "with SIGIL_TSA_CERT_CHAIN_FILE");
  if (value.SIGIL_SIGNING_MODE === "keyless") {
    const because = "in keyless mode (SIGIL_SIGNING_MODE=keyless)";
    need("SIGIL_OIDC_TOKEN_FILE", because);
    need("SIGIL_SIGSTORE_TRUSTED_ROOT", because);
    need("SIGIL_KEYLESS_IDENTITY", because);
    need("SIGIL_KEYLESS_ISSUER", because);
  }
});

export type SigilConfig = ReturnType<typeof readConfig>;

/** Sigil's settings from the environment, with the embedded defaults. */
export function readConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = parseInput(settings, env, "environment", badRequest);
  return { ...parsed, dataDir: path.resolve(parsed.SIGIL_DATA_DIR) };
}

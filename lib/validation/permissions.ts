import { z } from "zod";

/** The `_meta` key under which a server.json declares what its server may do. */
export const PERMISSIONS_META_KEY = "dev.sigil/permissions";

/** Paths or hosts that the user passes in at run time rather than fixed ones. */
export const USER_PROVIDED = "user-provided";

const hostPattern = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const envNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

const host = z
  .string()
  .refine((value) => value === USER_PROVIDED || hostPattern.test(value) || isIpLiteral(value), {
    message: `must be a host name (optionally "*.example.com"), an IP address, or "${USER_PROVIDED}"`,
  });

const path = z
  .string()
  .min(1, "must not be empty")
  .refine((value) => value === USER_PROVIDED || value.startsWith("/") || value.startsWith("~/") || value === "~", {
    message: `must be an absolute path, a path under "~/", or "${USER_PROVIDED}"`,
  });

/**
 * The permission manifest, in ToolHive's permission-profile field names (extended with `exec`
 * and `env`) so that a client can enforce it. Unknown keys are rejected: a misspelt
 * permission must not silently mean "nothing declared".
 */
export const permissionsSchema = z.strictObject({
  network: z
    .strictObject({
      outbound: z
        .strictObject({
          allow_host: z.array(host).optional(),
          allow_port: z.array(z.number().int().min(1).max(65535)).optional(),
          insecure_allow_all: z.boolean().optional(),
        })
        .optional(),
      listen: z.boolean().optional(),
    })
    .optional(),
  read: z.array(path).optional(),
  write: z.array(path).optional(),
  exec: z.array(z.string().min(1, "must not be empty").regex(/^[^\s]+$/, "must be a command name without spaces")).optional(),
  env: z.array(z.string().regex(envNamePattern, "must be an environment variable name")).optional(),
});

export type Permissions = z.infer<typeof permissionsSchema>;

function isIpLiteral(value: string): boolean {
  return z.ipv4().safeParse(value).success || z.ipv6().safeParse(value).success;
}

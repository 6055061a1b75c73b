import semver from "semver";
import validateNpmPackageName from "validate-npm-package-name";
import { z } from "zod";
import { validationFailed } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/validation/field-path";
import { PERMISSIONS_META_KEY, type Permissions, permissionsSchema } from "@/lib/validation/permissions";
import { unstorableTextIn } from "@/lib/validation/storable-text";

// A zod rendering of ../shared/reference/server.schema.json (2025-12-11). The JSON Schema sets
// no `additionalProperties: false`, so every object here is loose: unknown fields are kept,
// as the official registry keeps them. Sigil's own rules are added at the end.

// `format: uri` admits no spaces; WHATWG URL parsing would quietly encode them.
const uri = z.url({ message: "must be an absolute URI" }).regex(/^\S+$/, "must be an absolute URI without spaces");
const transportUrl = z.string().regex(/^https?:\/\/[^\s]+$/, "must be an http:// or https:// URL without spaces");

const input = z.looseObject({
  description: z.string().optional(),
  isRequired: z.boolean().optional(),
  format: z.enum(["string", "number", "boolean", "filepath"]).optional(),
  value: z.string().optional(),
  isSecret: z.boolean().optional(),
  default: z.string().optional(),
  placeholder: z.string().optional(),
  choices: z.array(z.string()).optional(),
});

const inputWithVariables = input.extend({ variables: z.record(z.string(), input).optional() });

const keyValueInput = inputWithVariables.extend({ name: z.string({ message: "is required" }) });

const positionalArgument = inputWithVariables
  .extend({
    type: z.literal("positional"),
    valueHint: z.string().optional(),
    isRepeated: z.boolean().optional(),
  })
  .refine((arg) => arg.valueHint !== undefined || arg.value !== undefined, {
    message: "a positional argument needs `valueHint` or `value`",
    path: ["valueHint"],
  });

const namedArgument = inputWithVariables.extend({
  type: z.literal("named"),
  name: z.string({ message: "is required" }),
  isRepeated: z.boolean().optional(),
});

const argument = z.discriminatedUnion("type", [positionalArgument, namedArgument], {
  message: 'must have `type` "positional" or "named"',
});

const stdioTransport = z.looseObject({ type: z.literal("stdio") });
const streamableHttpTransport = z.looseObject({
  type: z.literal("streamable-http"),
  url: transportUrl,
  headers: z.array(keyValueInput).optional(),
});
const sseTransport = z.looseObject({
  type: z.literal("sse"),
  url: transportUrl,
  headers: z.array(keyValueInput).optional(),
});

const localTransport = z.discriminatedUnion("type", [stdioTransport, streamableHttpTransport, sseTransport], {
  message: 'must have `type` "stdio", "streamable-http" or "sse"',
});

const remoteVariables = { variables: z.record(z.string(), input).optional() };
const remoteTransport = z.discriminatedUnion(
  "type",
  [streamableHttpTransport.extend(remoteVariables), sseTransport.extend(remoteVariables)],
  { message: 'must have `type` "streamable-http" or "sse"' },
);

const packageSchema = z.looseObject({
  registryType: z.string({ message: "is required" }),
  registryBaseUrl: uri.optional(),
  identifier: z.string({ message: "is required" }),
  version: z
    .string()
    .min(1, "must not be empty")
    .refine((v) => v !== "latest", { message: 'must be a specific version, not "latest"' })
    .optional(),
  fileSha256: z.string().regex(/^[a-f0-9]{64}$/, "must be 64 lowercase hex characters").optional(),
  runtimeHint: z.string().optional(),
  transport: localTransport,
  runtimeArguments: z.array(argument).optional(),
  packageArguments: z.array(argument).optional(),
  environmentVariables: z.array(keyValueInput).optional(),
});

const icon = z.looseObject({
  src: uri.max(255, "must be at most 255 characters"),
  mimeType: z.enum(["image/png", "image/jpeg", "image/jpg", "image/svg+xml", "image/webp"]).optional(),
  sizes: z.array(z.string().regex(/^(\d+x\d+|any)$/, 'must be "WxH" or "any"')).optional(),
  theme: z.enum(["light", "dark"]).optional(),
});

const serverDetail = z.looseObject({
  $schema: uri.optional(),
  name: z
    .string({ message: "is required" })
    .min(3, "must be at least 3 characters")
    .max(200, "must be at most 200 characters")
    .regex(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/, 'must be "namespace/name" in reverse-DNS form, e.g. "io.github.alice/weather"'),
  description: z
    .string({ message: "is required" })
    .min(1, "must not be empty")
    .max(100, "must be at most 100 characters"),
  title: z.string().min(1, "must not be empty").max(100, "must be at most 100 characters").optional(),
  repository: z
    .looseObject({
      url: uri,
      source: z.string({ message: "is required" }),
      id: z.string().optional(),
      subfolder: z.string().optional(),
    })
    .optional(),
  version: z.string({ message: "is required" }).max(255, "must be at most 255 characters"),
  websiteUrl: uri.optional(),
  icons: z.array(icon).optional(),
  packages: z.array(packageSchema).optional(),
  remotes: z.array(remoteTransport).optional(),
  _meta: z
    .looseObject({
      "io.modelcontextprotocol.registry/publisher-provided": z.record(z.string(), z.unknown()).optional(),
      [PERMISSIONS_META_KEY]: permissionsSchema.optional(),
    })
    .optional(),
}, { error: "must be a JSON object" });

/** What the official registry rejects as a version range rather than a version. */
function looksLikeRange(version: string): boolean {
  if (version === "latest") return true;
  if (/[\^~<>=*|\s]/.test(version)) return true;
  return version.split(".").some((part) => part === "x" || part === "X");
}

/** `_meta` keys that only registries write: a submitter must not be able to forge them. */
const OFFICIAL_META_KEY = "io.modelcontextprotocol.registry/official";
const isReservedMetaKey = (key: string) => key === OFFICIAL_META_KEY || (key.startsWith("dev.sigil/") && key !== PERMISSIONS_META_KEY);

const NPM_REGISTRY = "https://registry.npmjs.org";
const isNpm = (pkg: { registryType: string }) => pkg.registryType.toLowerCase() === "npm";

/** Sigil's rules on top of the official schema. */
const sigilServerJson = serverDetail.superRefine((server, ctx) => {
  if (looksLikeRange(server.version)) {
    ctx.addIssue({ code: "custom", path: ["version"], message: "must be an exact version, not a range" });
  }
  for (const key of Object.keys(server._meta ?? {})) {
    if (isReservedMetaKey(key)) ctx.addIssue({ code: "custom", path: ["_meta", key], message: "is reserved for the registry and cannot be submitted" });
  }
  let npmPackages = 0;
  server.packages?.forEach((pkg, i) => {
    if (!isNpm(pkg)) return;
    if (++npmPackages > 1) {
      ctx.addIssue({ code: "custom", path: ["packages", i], message: "is a second npm package: Sigil pins, scans and signs one npm package per server version" });
    }
    if (pkg.registryType !== "npm") ctx.addIssue({ code: "custom", path: ["packages", i, "registryType"], message: 'must be "npm" in lower case' });
    if (pkg.registryBaseUrl !== undefined && pkg.registryBaseUrl.replace(/\/+$/, "") !== NPM_REGISTRY) {
      ctx.addIssue({
        code: "custom",
        path: ["packages", i, "registryBaseUrl"],
        message: `must be "${NPM_REGISTRY}": Sigil scans npm packages from the registry clients install them from`,
      });
    }
    const nameCheck = validateNpmPackageName(pkg.identifier);
    if (!nameCheck.validForNewPackages && !nameCheck.validForOldPackages) {
      ctx.addIssue({ code: "custom", path: ["packages", i, "identifier"], message: "must be a valid npm package name" });
    }
    if (pkg.version === undefined) {
      ctx.addIssue({ code: "custom", path: ["packages", i, "version"], message: "is required for npm packages: Sigil pins an exact version" });
    } else if (semver.valid(pkg.version) === null || pkg.version !== semver.clean(pkg.version)) {
      ctx.addIssue({
        code: "custom",
        path: ["packages", i, "version"],
        message: `must be an exact npm version such as "1.2.3" (no ranges, tags, build metadata or "v" prefix), got "${pkg.version}"`,
      });
    }
  });
});

export type ServerJson = z.infer<typeof serverDetail>;

/**
 * Validates a server.json document (already parsed from JSON). Returns it typed, or throws a
 * 422 SigilError whose `errors` name every offending field.
 */
export function parseServerJson(document: unknown): ServerJson {
  const unstorable = unstorableTextIn(document);
  if (unstorable.length) {
    throw validationFailed(`server.json is invalid: ${unstorable.map((e) => `${e.location}: ${e.message}`).join("; ")}`, unstorable);
  }
  const result = sigilServerJson.safeParse(document);
  if (!result.success) {
    const errors = fieldErrorsOf(result.error);
    throw validationFailed(`server.json is invalid: ${errors.map((e) => `${e.location}: ${e.message}`).join("; ")}`, errors);
  }
  return result.data;
}

/** The npm package of a server.json, which Sigil scans and pins. */
export function npmPackageOf(server: ServerJson) {
  return server.packages?.find(isNpm);
}

/** The permissions a server.json declares under `_meta["dev.sigil/permissions"]`, or null when it declares none. */
export function declaredPermissions(server: ServerJson): Permissions | null {
  return server._meta?.[PERMISSIONS_META_KEY] ?? null;
}

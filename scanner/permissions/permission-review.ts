import { posix } from "node:path";
import { type Permissions, USER_PROVIDED } from "@/lib/validation/permissions";
import type { Capability, ScanFinding } from "@/scanner/rules/rule";

/** What the package's own code was seen doing, in the manifest's shape, for a side-by-side review. */
export function detectedPermissions(capabilities: Capability[]): Permissions {
  const values = (kind: Capability["kind"]) => [...new Set(capabilities.filter((c) => c.kind === kind).map((c) => c.value ?? USER_PROVIDED))].sort();
  const hosts = values("network");
  const listen = capabilities.some((c) => c.kind === "listen");
  const permissions: Permissions = {};
  if (hosts.length || listen) permissions.network = { ...(hosts.length ? { outbound: { allow_host: hosts } } : {}), ...(listen ? { listen: true } : {}) };
  for (const kind of ["read", "write", "exec", "env"] as const) {
    const found = values(kind);
    if (found.length) permissions[kind] = found;
  }
  return permissions;
}

const hostAllowed = (host: string, allowed: string[]) =>
  allowed.some((a) => a === host || (a.startsWith("*.") && (host.endsWith(a.slice(1)) || host === a.slice(2))));

/** `a/b/../c` → `a/c`, so that `~/project/../.ssh` is not taken for a path under `~/project`. */
const normalisePath = (p: string) => posix.normalize(p).replace(/\/+$/, "") || "/";

/** Whether `path` is one of the declared paths or below one. */
const pathAllowed = (path: string, allowed: string[]) => {
  const target = normalisePath(path);
  return allowed.some((a) => {
    if (a === USER_PROVIDED) return false;
    const base = normalisePath(a);
    return target === base || target.startsWith(base === "/" ? "/" : `${base}/`);
  });
};

function covered(capability: Capability, declared: Permissions): boolean {
  const value = capability.value;
  switch (capability.kind) {
    case "network": {
      const outbound = declared.network?.outbound;
      if (outbound?.insecure_allow_all) return true;
      const allowed = outbound?.allow_host ?? [];
      // A destination worked out at run time is covered only by "user-provided": declaring
      // api.example.com must not let the code reach any host it computes.
      return value === undefined ? allowed.includes(USER_PROVIDED) : hostAllowed(value, allowed);
    }
    case "listen":
      return declared.network?.listen === true;
    case "read":
    case "write": {
      // Writing implies reading what was written; reading does not imply writing.
      const allowed = capability.kind === "read" ? [...(declared.read ?? []), ...(declared.write ?? [])] : (declared.write ?? []);
      return value === undefined ? allowed.includes(USER_PROVIDED) : pathAllowed(value, allowed);
    }
    case "exec":
      return value === undefined ? (declared.exec ?? []).includes(USER_PROVIDED) : (declared.exec ?? []).includes(value);
    case "env":
      // A whole-environment read is the env rule's finding; no manifest entry can declare it.
      return value === "*" || (value !== undefined && AMBIENT_ENV.has(value)) || (value === undefined ? (declared.env ?? []).length > 0 : (declared.env ?? []).includes(value));
  }
}

// Variables every process has and that hold no secret; reading them is not a permission.
const AMBIENT_ENV = new Set(["HOME", "USERPROFILE", "PATH", "PWD", "TMPDIR", "TEMP", "TMP", "LANG", "LC_ALL", "TERM", "SHELL", "USER", "NODE_ENV", "CI", "NO_COLOR", "FORCE_COLOR"]);

const KIND_WORDS: Record<Capability["kind"], string> = {
  network: "connects to",
  listen: "listens for connections",
  read: "reads",
  write: "writes",
  exec: "runs",
  env: "reads the environment variable",
};

/**
 * Compares what the package's own code does with what its server.json declares: every
 * capability the manifest does not cover is an `undeclared-permission` finding (high) with its
 * evidence; every declared permission nothing uses is reported as info.
 */
export function reviewPermissions(capabilities: Capability[], declared: Permissions): ScanFinding[] {
  const findings: ScanFinding[] = [];
  const seen = new Set<string>();
  for (const capability of capabilities) {
    if (covered(capability, declared)) continue;
    const what = `${KIND_WORDS[capability.kind]}${capability.kind === "listen" ? "" : ` ${capability.value ?? "something worked out at run time"}`}`;
    const key = `${capability.kind}:${capability.value}:${capability.file}:${capability.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({
      rule: "undeclared-permission",
      category: "undeclared-permission",
      severity: "high",
      file: capability.file,
      line: capability.line,
      message: `The code ${what}, which the server.json's dev.sigil/permissions does not declare`,
      evidence: capability.evidence,
    });
  }
  const used = detectedPermissions(capabilities);
  const unused = (label: string, entries: string[] | undefined, isUsed: (entry: string) => boolean) => {
    for (const entry of entries ?? []) {
      if (!isUsed(entry)) {
        findings.push({ rule: "unused-permission", category: "undeclared-permission", severity: "info", file: "server.json", line: 0, message: `Declares ${label} ${entry}, which no code was seen using`, evidence: `${label}: ${entry}` });
      }
    }
  };
  const hostsUsed = used.network?.outbound?.allow_host ?? [];
  unused("network host", declared.network?.outbound?.allow_host, (h) => h === USER_PROVIDED ? hostsUsed.includes(USER_PROVIDED) : hostsUsed.some((u) => hostAllowed(u, [h])));
  for (const kind of ["read", "write", "exec", "env"] as const) {
    const usedValues = used[kind] ?? [];
    unused(kind, declared[kind], (entry) => (entry === USER_PROVIDED ? usedValues.includes(USER_PROVIDED) : usedValues.some((u) => u === entry || pathAllowed(u, [entry]))));
  }
  return findings;
}

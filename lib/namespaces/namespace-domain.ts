import { z } from "zod";

/** `io.github.<login>` namespaces belong to GitHub accounts (see ensureGithubNamespace). */
export const isGithubNamespace = (name: string) => name === "io.github" || name.startsWith("io.github.");

// Top-level domains nobody can register (RFC 2606, RFC 6761, RFC 6762, RFC 7686, ICANN's
// .internal): nobody can prove them, and their names lead to hosts on private networks.
const RESERVED_TLDS = new Set(["arpa", "example", "internal", "invalid", "local", "localhost", "onion", "test"]);

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A namespace that can be claimed through its domain: reverse-DNS labels as DNS allows them
 * (letters, digits, inner hyphens, 1 to 63 characters each, 253 in all), in lowercase because
 * domain names are case-insensitive while namespaces are compared exactly: `com.Example` and
 * `com.example` would otherwise be two namespaces proven by one domain.
 */
export const claimableNamespace = z.string().superRefine((name, ctx) => {
  const fail = (message: string) => ctx.addIssue({ code: "custom", message });
  if (isGithubNamespace(name)) {
    return fail(`"${name}" is a GitHub namespace: io.github.<login> belongs to the GitHub account <login> and is given at sign-in with GitHub, not claimed through DNS or HTTP`);
  }
  if (name !== name.toLowerCase()) return fail(`must be lowercase, as domain names are case-insensitive: "${name.toLowerCase()}"`);
  const labels = name.split(".");
  if (labels.length < 2) return fail('must be a reverse-DNS name with at least two labels, such as "com.example"');
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined) {
    return fail(`"${bad}" is not a domain label: use letters, digits and inner hyphens, 1 to 63 characters, such as "com.example.tools"`);
  }
  if (name.length > 253) return fail("must be at most 253 characters, as domain names are");
  // No top-level domain is numeric: this refuses IP addresses written backwards (`1.0.0.127`).
  if (/^\d+$/.test(labels[0]!)) return fail(`"${labels[0]}" is not a top-level domain: the namespace must start with one, such as "com"`);
  if (RESERVED_TLDS.has(labels[0]!)) return fail(`".${labels[0]}" is a reserved top-level domain that nobody owns, so it cannot be proven`);
});

/** `com.example.tools` → `tools.example.com`: the domain whose owner owns the namespace. */
export const domainOf = (namespace: string) => namespace.split(".").reverse().join(".");

import type { Permissions } from "@/lib/validation/permissions";
import type { ReportedTool } from "@/scanner/analysis/analyze-source";
import type { ScanReport } from "@/scanner/report/scan-report";
import type { ScanFinding } from "@/scanner/rules/rule";

/** The report's `baseline` section: what changed since an earlier (approved) version. */
export interface BaselineDiff {
  target: ScanReport["target"];
  newDependencies: string[];
  /** Capabilities the new version has and the baseline had not, in the manifest's shape. */
  newCapabilities: Permissions;
  tools: { name: string; change: "added" | "removed" | "changed" }[];
}

function permissionEntries(p: Permissions): Map<string, string[]> {
  return new Map([
    ["network host", p.network?.outbound?.allow_host ?? []],
    ["listen", p.network?.listen ? ["yes"] : []],
    ["read", p.read ?? []],
    ["write", p.write ?? []],
    ["exec", p.exec ?? []],
    ["env", p.env ?? []],
  ]);
}

function newCapabilitiesOf(current: Permissions, baseline: Permissions): Permissions {
  const before = permissionEntries(baseline);
  const added = (label: string, values: string[] | undefined) => (values ?? []).filter((v) => !before.get(label)!.includes(v));
  const out: Permissions = {};
  const hosts = added("network host", current.network?.outbound?.allow_host);
  const listen = current.network?.listen && !baseline.network?.listen;
  if (hosts.length || listen) out.network = { ...(hosts.length ? { outbound: { allow_host: hosts } } : {}), ...(listen ? { listen: true } : {}) };
  for (const kind of ["read", "write", "exec", "env"] as const) {
    const values = added(kind, current[kind]);
    if (values.length) out[kind] = values;
  }
  return out;
}

const finding = (severity: ScanFinding["severity"], message: string, evidence: string, file = "package.json", line = 0): ScanFinding => ({
  rule: "changed-since-baseline", category: "changed-since-baseline", severity, file, line, message, evidence,
});

/**
 * Compares a scan with the scan of an earlier version: new dependencies (low), and trees resolved
 * for other Node.js versions (info), new capabilities (medium), tools added (low), removed (info)
 * or changed (medium); a tool whose description changed and now raises a tool-poisoning finding
 * is a rug-pull (high).
 */
export function diffAgainstBaseline(
  current: Pick<ScanReport, "dependencies" | "permissions" | "tools" | "findings">,
  baseline: ScanReport,
): { diff: BaselineDiff; findings: ScanFinding[] } {
  const findings: ScanFinding[] = [];
  const before = new Set(baseline.dependencies.names);
  const newDependencies = current.dependencies.names.filter((n) => !before.has(n));
  for (const name of newDependencies) findings.push(finding("low", `New dependency since ${baseline.target.version}: ${name}`, name));
  // npm resolves a tree for a Node.js version: two versions' trees resolved for two Nodes differ by themselves.
  const [now, then] = [current.dependencies.resolvedFor?.node, baseline.dependencies.resolvedFor?.node];
  if (now !== undefined && then !== undefined && now !== then) {
    findings.push(finding("info", `The dependencies were resolved for Node.js ${now}, ${baseline.target.version}'s for Node.js ${then}: some of what changed in them may come from that, not from the package (SIGIL_AUDIT_NODE_VERSION resolves every scan alike)`, `resolved for Node.js ${then}, now ${now}`));
  }

  const newCapabilities = newCapabilitiesOf(current.permissions.detected, baseline.permissions.detected);
  for (const [label, values] of permissionEntries(newCapabilities)) {
    for (const value of values) findings.push(finding("medium", `New capability since ${baseline.target.version}: ${label} ${value}`, `${label}: ${value}`));
  }

  const oldTools = new Map(baseline.tools.map((t) => [t.name, t]));
  const newTools = new Map(current.tools.map((t) => [t.name, t]));
  const tools: BaselineDiff["tools"] = [];
  const poisonedAt = (tool: ReportedTool) =>
    current.findings.some((f) => (f.category === "tool-poisoning" || f.category === "hidden-unicode") && f.file === tool.file && f.line === tool.line);
  for (const [name, tool] of newTools) {
    const old = oldTools.get(name);
    if (!old) {
      tools.push({ name, change: "added" });
      findings.push(finding("low", `New tool since ${baseline.target.version}: ${name}`, tool.description.slice(0, 160), tool.file, tool.line));
    } else if (old.hash !== tool.hash) {
      tools.push({ name, change: "changed" });
      findings.push(finding("medium", `Tool ${name} changed since ${baseline.target.version} (description or input schema)`, tool.description.slice(0, 160), tool.file, tool.line));
      if (old.description !== tool.description && poisonedAt(tool)) {
        findings.push({
          rule: "tool-rug-pull",
          category: "tool-poisoning",
          severity: "high",
          file: tool.file,
          line: tool.line,
          message: `Tool ${name}'s description changed since ${baseline.target.version} into one that steers the model (a rug-pull)`,
          evidence: tool.description.slice(0, 160),
        });
      }
    }
  }
  for (const name of oldTools.keys()) {
    if (!newTools.has(name)) {
      tools.push({ name, change: "removed" });
      findings.push(finding("info", `Tool ${name} was removed since ${baseline.target.version}`, name));
    }
  }
  return { diff: { target: baseline.target, newDependencies, newCapabilities, tools }, findings };
}

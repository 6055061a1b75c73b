import type { Permissions } from "@/lib/validation/permissions";
import type { ScanReport } from "@/scanner/report/scan-report";
import { SEVERITIES } from "@/scanner/report/verdict";

function permissionLines(permissions: Permissions | null): string[] {
  if (!permissions) return ["    (no server.json given: nothing to compare with)"];
  const lines: string[] = [];
  const hosts = permissions.network?.outbound?.allow_host;
  if (permissions.network?.outbound?.insecure_allow_all) lines.push("    network: any host");
  else if (hosts?.length) lines.push(`    network: ${hosts.join(", ")}`);
  if (permissions.network?.listen) lines.push("    listens: yes");
  for (const kind of ["read", "write", "exec", "env"] as const) if (permissions[kind]?.length) lines.push(`    ${kind}: ${permissions[kind]!.join(", ")}`);
  return lines.length ? lines : ["    nothing"];
}

/** The human-readable summary `sigil scan` prints: verdict, findings above info, permissions, dependencies. */
export function formatSummary(report: ScanReport): string {
  const { target, summary, dependencies: deps } = report;
  const counts = SEVERITIES.map((s) => `${summary.bySeverity[s] ?? 0} ${s}`).join(", ");
  const out = [
    `${target.name}@${target.version}`,
    target.integrity ? `  integrity ${target.integrity}\n  sha256    ${target.sha256} (${target.size} bytes)` : "  (a folder: no tarball digests)",
    `  ${summary.files} files, ${summary.analysedFiles} analysed, ${summary.bytes} bytes; scanned in ${report.durationMs} ms`,
    "",
    `Verdict: ${report.verdict.toUpperCase()}   (${counts})`,
    "",
  ];
  const shown = report.findings.filter((f) => f.severity !== "info");
  if (shown.length) {
    out.push("Findings:");
    for (const f of shown) {
      out.push(`  ${f.severity.toUpperCase().padEnd(8)} ${f.category.padEnd(22)} ${f.file}${f.line ? `:${f.line}` : ""}`, `           ${f.message}`, `           ${f.evidence}`);
    }
    out.push("");
  }
  if (report.baseline) {
    const b = report.baseline;
    const changed = b.tools.map((t) => `${t.name} (${t.change})`);
    out.push(`Since ${b.target.name}@${b.target.version}: ${b.newDependencies.length} new dependencies; tools ${changed.length ? changed.join(", ") : "unchanged"}`, "");
  }
  if (report.tools.length) out.push(`Tools: ${report.tools.map((t) => t.name).join(", ")}`, "");
  out.push("Permissions declared:", ...permissionLines(report.permissions.declared), "Permissions detected:", ...permissionLines(report.permissions.detected), "");
  out.push(
    `Dependencies: ${deps.count} packages, ${deps.depth} deep${deps.resolvedFor ? ` (resolved for Node.js ${deps.resolvedFor.node})` : ""}; ${deps.auditError ? `advisories NOT checked (${deps.auditError})` : `${deps.advisories.length} advisories`}; ${deps.installScripts.length} with install scripts`,
  );
  return `${out.join("\n")}\n`;
}

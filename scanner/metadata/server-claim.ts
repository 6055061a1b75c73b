import { npmPackageOf, type ServerJson } from "@/lib/validation/server-json";
import type { ScanFinding } from "@/scanner/rules/rule";

type Manifest = { name?: string; version?: string; mcpName?: unknown };

/**
 * The package and the server.json must claim each other: the npm package server.json names is
 * the one scanned, and package.json's `mcpName` is the server's name, as the official registry
 * checks, so nobody can submit someone else's package.
 */
export function serverClaimFindings(manifest: Manifest, manifestText: string, server: ServerJson | undefined): ScanFinding[] {
  if (!server) return [];
  const npm = npmPackageOf(server);
  const mismatch: ScanFinding[] =
    npm && (npm.identifier !== manifest.name || npm.version !== manifest.version)
      ? [
          {
            rule: "package-mismatch",
            category: "metadata",
            severity: "high",
            file: "package.json",
            line: 1,
            message: `server.json points at ${npm.identifier}@${npm.version}, but the scanned package is ${manifest.name}@${manifest.version}`,
            evidence: `${manifest.name}@${manifest.version}`,
          },
        ]
      : [];
  return [...mismatch, ...mcpNameFindings(manifest, manifestText, server.name)];
}

function mcpNameFindings(manifest: Manifest, manifestText: string, serverName: string): ScanFinding[] {
  if (manifest.mcpName === serverName) return [];
  const line = manifestText.split("\n").findIndex((l) => l.includes('"mcpName"')) + 1;
  return [
    {
      rule: "mcp-name",
      category: "metadata",
      severity: "high",
      file: "package.json",
      line,
      message:
        manifest.mcpName === undefined
          ? `package.json has no mcpName; it must be "${serverName}" to show the package belongs to this server`
          : `package.json's mcpName "${String(manifest.mcpName)}" is not the server's name "${serverName}"`,
      evidence: line ? manifestText.split("\n")[line - 1]!.trim() : "(no mcpName)",
    },
  ];
}

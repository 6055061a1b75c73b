import type { ScanFinding } from "@/scanner/rules/rule";

/**
 * The package must claim the server it is submitted as: package.json's `mcpName` equals the
 * server.json name, as the official registry checks, so nobody can submit someone else's package.
 */
export function metadataFindings(manifest: { mcpName?: unknown }, manifestText: string, serverName: string | undefined): ScanFinding[] {
  if (serverName === undefined) return [];
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

/** Paths whose reading or writing is an attack's tell: credentials, shell start-up files, browser profiles, MCP client configs. */
const SENSITIVE: [RegExp, string][] = [
  [/(^|\/)\.ssh(\/|$)/, "SSH keys"],
  [/(^|\/)\.aws(\/|$)/, "AWS credentials"],
  [/(^|\/)\.config\/gcloud(\/|$)|application_default_credentials\.json/, "Google Cloud credentials"],
  [/(^|\/)\.azure(\/|$)/, "Azure credentials"],
  [/(^|\/)\.kube\/config/, "Kubernetes credentials"],
  [/(^|\/)\.docker\/config\.json/, "Docker registry credentials"],
  [/(^|\/)\.npmrc$|(^|\/)\.netrc$|(^|\/)\.git-credentials$|(^|\/)\.pypirc$/, "package and git credentials"],
  [/(^|\/)\.(bashrc|bash_profile|zshrc|zprofile|profile|login)$|(^|\/)\.config\/fish\/config\.fish$/, "shell start-up files"],
  [/(Google\/Chrome|chromium|BraveSoftware|Microsoft\/Edge)\/.*(Login Data|Cookies|Local State)|\.mozilla\/firefox|Firefox\/Profiles/i, "browser profiles"],
  [/claude_desktop_config\.json|(^|\/)\.cursor\/mcp\.json|(^|\/)\.vscode\/mcp\.json|(^|\/)\.codeium\/windsurf\/mcp_config\.json|Code\/User\/(settings|mcp)\.json/, "MCP client configuration"],
  [/(^|\/)\.gnupg(\/|$)/, "GPG keys"],
  [/(^|\/)(\.bitcoin|\.electrum|Exodus|\.ethereum\/keystore)(\/|$)/i, "cryptocurrency wallets"],
];

/** What a sensitive path holds, or undefined for an ordinary path. */
export function sensitivePath(path: string): string | undefined {
  return SENSITIVE.find(([pattern]) => pattern.test(path))?.[1];
}

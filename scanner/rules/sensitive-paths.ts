/** Paths whose reading or writing is an attack's tell: credentials, shell start-up files, browser profiles, wallets, chat sessions, MCP client configs. */
const SENSITIVE: [RegExp, string][] = [
  [/(^|\/)\.ssh(\/|$)/, "SSH keys"],
  [/(^|\/)\.aws(\/|$)/, "AWS credentials"],
  [/(^|\/)\.config\/gcloud(\/|$)|application_default_credentials\.json/, "Google Cloud credentials"],
  [/(^|\/)\.azure(\/|$)/, "Azure credentials"],
  [/(^|\/)\.kube\/config/, "Kubernetes credentials"],
  [/(^|\/)\.docker\/config\.json/, "Docker registry credentials"],
  [/(^|\/)\.npmrc$|(^|\/)\.netrc$|(^|\/)\.git-credentials$|(^|\/)\.pypirc$/, "package and git credentials"],
  [/(^|\/)\.config\/gh\/hosts\.yml$|(^|\/)\.vault-token$|(^|\/)\.pgpass$|(^|\/)\.terraform\.d\/credentials\.tfrc\.json$/, "command-line tools' tokens"],
  [/(^|\/)\.(bashrc|bash_profile|zshrc|zprofile|profile|login)$|(^|\/)\.config\/fish\/config\.fish$/, "shell start-up files"],
  // Chrome, Chromium, Brave and Edge profiles on macOS, Windows (…/Google/Chrome/…) and Linux: their
  // passwords, cookies, autofill (Web Data) and extensions' storage, where wallet extensions keep keys
  // (~/.config/google-chrome/…). The first browser folder of a line is taken once and for all (a
  // lookahead's capture, matched again): tried at every folder, a path repeating one took seconds.
  [/^(?=(.*?(?:Google\/Chrome|google-chrome|chromium|BraveSoftware|Microsoft\/Edge|microsoft-edge)\/))\1.*(?:Login Data|Cookies|Local State|Web Data|Local Extension Settings)|\.mozilla\/firefox|Firefox\/Profiles/im, "browser profiles"],
  // Claude Desktop's folder on macOS, Windows and Linux; Claude Code's ~/.claude.json and credentials.
  [/claude_desktop_config\.json|(Application Support|AppData\/Roaming|\.config)\/Claude(\/|$)|(^|\/)\.claude\.json$|(^|\/)\.claude\/\.credentials\.json$|(^|\/)\.cursor\/mcp\.json|(^|\/)\.vscode\/mcp\.json|(^|\/)\.codeium\/windsurf\/mcp_config\.json|Code\/User\/(settings|mcp)\.json/, "MCP client configuration"],
  [/(^|\/)\.gnupg(\/|$)/, "GPG keys"],
  [/(^|\/)(\.bitcoin|\.electrum|Exodus|\.ethereum\/keystore|atomic\/Local Storage)(\/|$)|(^|\/)\.config\/solana\/id\.json$/i, "cryptocurrency wallets"],
  // What stealers take besides: chat sessions and the macOS keychain.
  [/(^|\/)discord(canary|ptb)?\/Local Storage(\/|$)|(^|\/)Telegram Desktop\/tdata(\/|$)/i, "chat app sessions"],
  [/(^|\/)Library\/Keychains(\/|$)/, "the macOS keychain"],
];

/** What a sensitive path holds, or undefined for an ordinary path. */
export function sensitivePath(path: string): string | undefined {
  return SENSITIVE.find(([pattern]) => pattern.test(path))?.[1];
}

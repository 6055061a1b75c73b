import { describe, expect, it } from "vitest";
import { sensitivePath } from "@/scanner/rules/sensitive-paths";

describe("sensitivePath", () => {
  it.each([
    ["~/.ssh/id_ed25519", "SSH keys"],
    ["~/.config/gh/hosts.yml", "command-line tools' tokens"],
    ["~/.vault-token", "command-line tools' tokens"],
    ["~/.config/google-chrome/Default/Login Data", "browser profiles"],
    ["~/Library/Application Support/Google/Chrome/Default/Cookies", "browser profiles"],
    ["~/.config/microsoft-edge/Default/Local State", "browser profiles"],
    // A browser's folder named again below the first, and Windows' profile folders.
    ["~/.config/chromium/chromium/Default/Cookies", "browser profiles"],
    ["C:/Users/u/AppData/Local/Microsoft/Edge/User Data/Default/Login Data", "browser profiles"],
    ["~/snap/chromium/common/chromium/Default/Login Data", "browser profiles"],
    ["~/Library/Application Support/Claude", "MCP client configuration"],
    ["~/Library/Application Support/Claude/claude_desktop_config.json", "MCP client configuration"],
    ["~/.config/Claude/", "MCP client configuration"],
    ["~/.claude.json", "MCP client configuration"],
    ["~/.claude/.credentials.json", "MCP client configuration"],
    ["~/Library/Application Support/Google/Chrome/Default/Local Extension Settings/nkbihfbeogaeaoehlefnkodbefgpgknn", "browser profiles"],
    ["~/.config/BraveSoftware/Brave-Browser/Default/Web Data", "browser profiles"],
    ["~/.config/solana/id.json", "cryptocurrency wallets"],
    ["~/AppData/Roaming/atomic/Local Storage/leveldb", "cryptocurrency wallets"],
    ["~/AppData/Roaming/discord/Local Storage/leveldb", "chat app sessions"],
    ["~/Library/Application Support/Telegram Desktop/tdata", "chat app sessions"],
    ["~/Library/Keychains/login.keychain-db", "the macOS keychain"],
  ])("knows %s holds %s", (path, what) => {
    expect(sensitivePath(path)).toBe(what);
  });

  it.each(["~/projects/claude-notes/todo.md", "~/.config/google-chrome-mcp/settings.json", "docs/gh/hosts.yml.example", "~/.cache/chrome-devtools-mcp/chrome-profile", "./.claude.json.bak", "~/projects/solana/id.json.example", "docs/discord/README.md"])(
    "leaves an ordinary path alone: %s",
    (path) => {
      expect(sensitivePath(path)).toBeUndefined();
    },
  );
});

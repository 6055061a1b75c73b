import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { SigilConfig } from "@/lib/config";

/**
 * The secret that signs session cookies: SIGIL_AUTH_SECRET, or one generated on first start
 * into the data directory (mode 0600) so that sessions survive a restart. Several web
 * processes of one registry must share it: set SIGIL_AUTH_SECRET for them.
 */
export function loadAuthSecret(config: SigilConfig): string {
  if (config.SIGIL_AUTH_SECRET) return config.SIGIL_AUTH_SECRET;
  const file = path.join(config.dataDir, "auth-secret");
  fs.mkdirSync(config.dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return fs.readFileSync(file, "utf8").trim();
}

import { z } from "zod";

/** What an API token may do, each within the namespaces it names. Nothing an admin does can be delegated to a token. */
export const TOKEN_SCOPES = ["submit", "withdraw", "review", "rescan"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
export const tokenScope = z.enum(TOKEN_SCOPES);

export const TOKEN_SCOPE_LABELS: Record<TokenScope, string> = {
  submit: "Submit versions (web API and the MCP publisher CLI)",
  withdraw: "Withdraw submissions",
  review: "Approve or reject submissions",
  rescan: "Re-run scans",
};

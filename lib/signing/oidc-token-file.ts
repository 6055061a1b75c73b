import fs from "node:fs";
import type { IdentityProvider } from "@sigstore/sign";

/**
 * The workload's OIDC token from a file (a Kubernetes projected service-account token, a CI
 * job's token written to disk), read again for every signature because such tokens rotate.
 */
export const oidcTokenFile = (file: string): IdentityProvider => ({
  async getToken() {
    let token: string;
    try {
      token = (await fs.promises.readFile(file, "utf8")).trim();
    } catch (error) {
      throw new Error(`SIGIL_OIDC_TOKEN_FILE (${file}) cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    if (!token) throw new Error(`SIGIL_OIDC_TOKEN_FILE (${file}) is empty.`);
    return token;
  },
});

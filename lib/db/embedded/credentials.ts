import crypto from "node:crypto";
import fs from "node:fs";
import { z } from "zod";
import { databaseUnavailable } from "@/lib/errors";

/** The cluster superuser's password, and the password of the `sigil` role the app connects as. */
export interface Credentials {
  superuser: string;
  app: string;
}

const shape = z.object({ superuser: z.string().min(16), app: z.string().min(16) });
const generate = () => crypto.randomBytes(24).toString("base64url");

/**
 * Reads the credentials file (mode 0600), creating it for a new cluster. An existing cluster
 * without its file cannot be opened: its passwords cannot be recovered.
 */
export function readCredentials(file: string, clusterExists: boolean): Credentials {
  if (fs.existsSync(file)) {
    const parsed = shape.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
    if (parsed.success) return parsed.data;
    throw databaseUnavailable(`The embedded database's credentials file ${file} is damaged.`);
  }
  if (clusterExists) {
    throw databaseUnavailable(
      `The embedded database's credentials file ${file} is missing, and the database cannot be opened without it. Restore the file, or move the cluster folder beside it away to start with an empty registry.`,
    );
  }
  const credentials = { superuser: generate(), app: generate() };
  fs.writeFileSync(file, `${JSON.stringify(credentials)}\n`, { mode: 0o600 });
  return credentials;
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type RunAs, runToCompletion } from "@/lib/db/embedded/run-as";

export const SUPERUSER = "postgres";

/** Creates a cluster with scram-sha-256 authentication and PostgreSQL's own Unicode locale. */
export async function initialiseCluster(initdb: string, clusterDir: string, superuserPassword: string, runAs: RunAs): Promise<void> {
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  // initdb reads the superuser's password from a file only the cluster's owner can read.
  const secretDir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-initdb-"));
  const passwordFile = path.join(secretDir, "password");
  fs.writeFileSync(passwordFile, `${superuserPassword}\n`, { mode: 0o600 });
  if (runAs) for (const p of [clusterDir, secretDir, passwordFile]) fs.chownSync(p, runAs.uid, runAs.gid);
  try {
    await runToCompletion(
      initdb,
      [
        `--pgdata=${clusterDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        // The same case-insensitive search on every machine, whatever locales the OS has.
        "--locale-provider=builtin",
        "--builtin-locale=C.UTF-8",
        "--lc-messages=C",
      ],
      runAs,
    );
  } finally {
    fs.rmSync(secretDir, { recursive: true, force: true });
  }
}

import { execFileSync, spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";

export type RunAs = { uid: number; gid: number } | undefined;

const OS_USER = "postgres";

/** PostgreSQL refuses to run as root; then it runs as a `postgres` user, created if missing. */
export function postgresOsUser(): RunAs {
  if (os.userInfo().uid !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, OS_USER], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", OS_USER]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

/** PostgreSQL gets only what it needs from the environment: not the secrets of whoever runs Sigil. */
// (Next.js's typings require NODE_ENV in every ProcessEnv; PostgreSQL has no use for it.)
export const POSTGRES_ENV = { LC_ALL: "C", TZ: "UTC" } as Record<string, string> as NodeJS.ProcessEnv;

/** Runs a binary to completion as `runAs`; rejects with its output when it fails. */
export function runToCompletion(binary: string, args: string[], runAs: RunAs): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { ...runAs, env: POSTGRES_ENV, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("error", reject);
    child.once("close", (code) => (code === 0 ? resolve(output) : reject(new Error(output.trim() || `${path.basename(binary)} exited with ${code}`))));
  });
}

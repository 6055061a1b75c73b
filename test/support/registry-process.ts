import { type ChildProcess, spawn } from "node:child_process";
import { findFreePort } from "@/lib/net/free-port";

export interface RegistryProcess {
  baseUrl: string;
  output: () => string;
  stop: () => Promise<number | null>;
}

/**
 * Starts the registry as `npm start` does (`tsx bin/start.ts`), waits until it says it is
 * ready, and hands back its URL. `env` replaces the inherited DATABASE_URL, PORT, public URL and data dir.
 */
export async function startRegistry(env: Record<string, string | undefined>, args: string[] = []): Promise<RegistryProcess> {
  const port = await findFreePort();
  // next-auth sends browsers to SIGIL_PUBLIC_URL after signing in: the address the tests use.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: undefined, PORT: String(port), SIGIL_HOST: "127.0.0.1", SIGIL_PUBLIC_URL: `http://127.0.0.1:${port}`, ...env };
  for (const key of Object.keys(childEnv)) if (childEnv[key] === undefined) delete childEnv[key];
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "bin/start.ts", ...args], { env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout?.on("data", (chunk) => (text += chunk));
  child.stderr?.on("data", (chunk) => (text += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    return exited;
  };
  const deadline = Date.now() + 180_000;
  while (!/Sigil registry ready/.test(text)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`registry did not start:\n${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { baseUrl: `http://127.0.0.1:${port}`, output: () => text, stop };
}

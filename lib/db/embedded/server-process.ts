import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { POSTGRES_ENV, type RunAs } from "@/lib/db/embedded/run-as";
import { log } from "@/lib/log";

const OWNER_FILE = "sigil-owner.pid";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !alive(pid);
}

/**
 * A PostgreSQL whose owning Sigil process is gone (killed, crashed) still holds the cluster.
 * Stop it, so the next start does not fail with "already in use". A cluster whose owner is
 * alive is left alone: PostgreSQL's own lock then refuses the second start.
 */
export async function stopOrphanedServer(clusterDir: string): Promise<void> {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  const ownerFile = path.join(clusterDir, "..", OWNER_FILE);
  if (!fs.existsSync(pidFile) || !fs.existsSync(ownerFile)) return;
  const postgresPid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  const ownerPid = Number(fs.readFileSync(ownerFile, "utf8").trim());
  if (!postgresPid || !alive(postgresPid) || (ownerPid && alive(ownerPid))) return;
  log.warn({ component: "embedded-postgres", pid: postgresPid }, "stopping an embedded PostgreSQL left running by a Sigil process that did not shut down");
  process.kill(postgresPid, "SIGINT");
  if (!(await waitForExit(postgresPid, 30_000))) process.kill(postgresPid, "SIGKILL");
}

/**
 * Starts `postgres` on a loopback port in its own process group (a terminal's Ctrl-C reaches
 * Sigil, which stops it in order) and resolves with its stop function once it accepts
 * connections.
 */
export function startServer(postgres: string, clusterDir: string, port: number, runAs: RunAs): Promise<() => Promise<void>> {
  return new Promise((resolve, reject) => {
    const args = ["-D", clusterDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"];
    const child = spawn(postgres, args, { ...runAs, env: POSTGRES_ENV, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const recent: string[] = [];
    let ready = false;
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((done) => child.once("exit", done));
        child.kill("SIGINT"); // PostgreSQL's fast shutdown: ends sessions, then checkpoints
        await exited;
      }
      fs.rmSync(path.join(clusterDir, "..", OWNER_FILE), { force: true });
    };
    const onOutput = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
        recent.push(line);
        if (recent.length > 20) recent.shift();
        log.debug({ component: "embedded-postgres", message: line });
        if (!ready && line.includes("database system is ready to accept connections")) {
          ready = true;
          fs.writeFileSync(path.join(clusterDir, "..", OWNER_FILE), String(process.pid));
          resolve(stop);
        }
      }
    };
    child.stdout.on("data", onOutput);
    child.stderr.on("data", onOutput);
    child.once("error", reject);
    // "close", not "exit": a process's last output can arrive after its exit, and the reason it
    // gives (another server holding the cluster's lock file) is what the caller tells users.
    child.once("close", () => {
      if (!ready) reject(new Error(recent.slice(-5).join(" | ") || "postgres exited before it was ready"));
    });
  });
}

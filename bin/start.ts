import { type ChildProcess, spawn } from "node:child_process";
import { issueSetupToken } from "@/lib/auth/first-admin-setup";
import { loadAuthSecret } from "@/lib/auth/load-auth-secret";
import { readConfig } from "@/lib/config";
import { registerSigningSetup } from "@/lib/signing/register-signing-setup";
import { loadSigningSetup } from "@/lib/signing/signing-setup";
import { applyMigrations } from "@/lib/db/migrate";
import { openDatabase } from "@/lib/db/open-database";
import { startDemoNpmRegistry } from "@/lib/demo/demo-npm-registry";
import { loadDemoData } from "@/lib/demo/load-demo-data";
import { scanWorkerSettings, startScanWorkers } from "@/lib/jobs/scan-worker";
import { log } from "@/lib/log";
import { reportStartFailure } from "@/lib/report-start-failure";
import { buildWebApp, isBuildCurrent, nextBin } from "@/lib/web/next-build";

// `npm start` (and `npm run demo`): database, migrations, optional demo data, then the web app.
const root = process.cwd();
const demo = process.argv.includes("--demo");

/** Where this machine reaches a server listening on `host` (a wildcard address means loopback). */
function localUrl(host: string, port: number): string {
  if (host === "0.0.0.0") return `http://127.0.0.1:${port}`;
  if (host === "::") return `http://[::1]:${port}`;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

async function waitUntilHealthy(url: string, web: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 600 && web.exitCode === null; attempt++) {
    try {
      const response = await fetch(`${url}/api/v1/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("The web server did not become healthy.");
}

async function main(): Promise<void> {
  const config = readConfig();
  const database = await openDatabase(config);
  let web: ChildProcess | undefined;
  let demoNpmRegistry: Awaited<ReturnType<typeof startDemoNpmRegistry>> | undefined;
  let workers: Awaited<ReturnType<typeof startScanWorkers>> | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await workers?.stop();
    if (web && web.exitCode === null) {
      web.kill("SIGTERM");
      await new Promise((resolve) => web?.once("close", resolve));
    }
    await demoNpmRegistry?.close();
    await database.stop();
    log.info("Sigil stopped");
    process.exit(code);
  };
  process.once("SIGINT", () => void stop(0));
  process.once("SIGTERM", () => void stop(0));

  try {
    log.info({ database: database.description }, `database: ${database.description}`);
    const applied = await applyMigrations(database.url, root);
    log.info({ applied }, applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");
    process.env.DATABASE_URL = database.url;
    // Only the embedded default makes a key of its own; a registry on DATABASE_URL is given one.
    const signing = loadSigningSetup(config, { generateKey: !config.DATABASE_URL });
    await registerSigningSetup(signing, { rotate: config.SIGIL_SIGNING_ROTATE });
    log.info({ mode: signing.signer.mode, keyId: signing.signer.keyId, identity: signing.identity, timestampAuthority: signing.timestampAuthority?.url }, `signing ${signing.signer.keyId ? `with key ${signing.signer.keyId}` : `keyless as ${signing.identity?.subjectAlternativeName}`}${signing.timestampAuthority ? `, timestamped by ${signing.timestampAuthority.url}` : ""}`);
    if (demo) {
      // The demo's packages exist only here: every scan, and every client verifying a demo
      // version, downloads them from this registry, so the demo needs no network.
      demoNpmRegistry = await startDemoNpmRegistry();
      process.env.SIGIL_NPM_REGISTRY = demoNpmRegistry.url;
      process.env.SIGIL_AUDIT_REGISTRY = demoNpmRegistry.url;
      log.info({ npmRegistry: demoNpmRegistry.url }, `demo npm registry at ${demoNpmRegistry.url}`);
      log.info(await loadDemoData());
    }

    if (!isBuildCurrent(root)) {
      log.info("building the web app (first start or changed sources; this takes a minute or two)");
      await buildWebApp(root);
    }
    const base = config.SIGIL_PUBLIC_URL?.replace(/\/+$/, "") ?? `http://localhost:${config.PORT}`;
    web = spawn(process.execPath, [nextBin(root), "start", "-p", String(config.PORT), "-H", config.SIGIL_HOST], {
      cwd: root,
      // next-auth builds its sign-in redirects from NEXTAUTH_URL, never from a request's Host.
      env: { ...process.env, DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1", NEXTAUTH_URL: base, NEXTAUTH_SECRET: loadAuthSecret(config) },
      stdio: "inherit",
    });
    web.once("exit", (code) => void stop(code ?? 1));
    await waitUntilHealthy(localUrl(config.SIGIL_HOST, config.PORT), web);
    if (config.SIGIL_WORKER_CONCURRENCY > 0) workers = await startScanWorkers(scanWorkerSettings(config, database.url));
    log.info(
      { url: base, database: database.description, demo, scanWorkers: config.SIGIL_WORKER_CONCURRENCY },
      `Sigil registry ready at ${base} on ${database.description}. MCP clients: use ${base} as the registry base URL (${base}/v0.1/servers).`,
    );
    const setupToken = await issueSetupToken();
    if (setupToken) {
      log.warn({ setupUrl: `${base}/setup` }, `No admin yet. Create the first admin within 24 hours at ${base}/setup?token=${setupToken} (the link works once; a restart replaces it).`);
    }
  } catch (error) {
    reportStartFailure("Sigil", error);
    await stop(1);
  }
}

try {
  await main();
} catch (error) {
  // Before the database is open (settings, the embedded PostgreSQL itself): nothing to stop.
  reportStartFailure("Sigil", error);
  process.exit(1);
}

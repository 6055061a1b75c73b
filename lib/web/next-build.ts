import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// What the web build is made from; a change to any of it means the build is stale.
const BUILD_INPUTS = ["app", "lib", "public", "prisma/schema.prisma", "next.config.ts", "tsconfig.json", "tsconfig.next.json", "package-lock.json"];
const FINGERPRINT_FILE = path.join(".next", "sigil-build-fingerprint");

function* filesUnder(entry: string): Generator<string> {
  if (!fs.existsSync(entry)) return;
  if (!fs.statSync(entry).isDirectory()) {
    yield entry;
    return;
  }
  for (const child of fs.readdirSync(entry).sort()) yield* filesUnder(path.join(entry, child));
}

/** sha256 over the paths and contents of every build input. */
export function sourceFingerprint(projectRoot: string): string {
  const hash = crypto.createHash("sha256");
  for (const input of BUILD_INPUTS) {
    for (const file of filesUnder(path.join(projectRoot, input))) {
      hash.update(path.relative(projectRoot, file)).update("\0").update(fs.readFileSync(file)).update("\0");
    }
  }
  return hash.digest("hex");
}

export function isBuildCurrent(projectRoot: string): boolean {
  const file = path.join(projectRoot, FINGERPRINT_FILE);
  return fs.existsSync(path.join(projectRoot, ".next", "BUILD_ID")) && fs.existsSync(file) && fs.readFileSync(file, "utf8") === sourceFingerprint(projectRoot);
}

export function nextBin(projectRoot: string): string {
  return createRequire(path.join(projectRoot, "package.json")).resolve("next/dist/bin/next");
}

/** Runs `next build` and records what it was built from. */
export async function buildWebApp(projectRoot: string): Promise<void> {
  const fingerprint = sourceFingerprint(projectRoot);
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin(projectRoot), "build"], {
      cwd: projectRoot,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (code !== 0) throw new Error(`next build failed (exit code ${code}); its output is above.`);
  fs.writeFileSync(path.join(projectRoot, FINGERPRINT_FILE), fingerprint);
}

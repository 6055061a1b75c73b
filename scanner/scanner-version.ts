import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import packageJson from "@/package.json";

const SCANNER_DIR = fileURLToPath(new URL("./", import.meta.url));

let version: string | undefined;

/**
 * The scanner's version as reports carry it: the package's, with a digest of the scanner's own
 * code as semver build metadata (`0.1.0+3f2a9c1e0b7d`). Two builds read packages differently
 * wherever a rule changed (a tool read where it was not, a schema hashed whole), so a baseline's
 * report is compared as it stands only with a report of the same build (baselineOfThisBuild).
 */
export function scannerVersion(): string {
  if (version === undefined) {
    const hash = crypto.createHash("sha256");
    const files = fs.readdirSync(SCANNER_DIR, { recursive: true, encoding: "utf8" }).filter((file) => /\.(?:ts|mts|mjs|js)$/.test(file)).sort();
    for (const file of files) hash.update(`${file.split(path.sep).join("/")}\0`).update(fs.readFileSync(path.join(SCANNER_DIR, file))).update("\0");
    version = `${packageJson.version}+${hash.digest("hex").slice(0, 12)}`;
  }
  return version;
}

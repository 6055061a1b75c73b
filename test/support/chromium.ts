import fs from "node:fs";
import path from "node:path";
import { type Browser, chromium } from "playwright-core";

// Debian's Chromium (DESIGN.md). CI installs it; elsewhere the browser suites say they are skipped.
export const CHROMIUM = process.env.SIGIL_CHROMIUM ?? "/usr/bin/chromium";
export const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`CI must run the browser tests, but ${CHROMIUM} is missing.`);

/** Where browser tests keep their screenshots, as test artefacts. */
export const SCREENSHOTS = path.resolve("test-results/screenshots");

/** Debian's Chromium, headless, with what it needs to run in a container and nothing that calls home. */
export async function launchChromium(): Promise<Browser> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveChromium, launchChromium, SCREENSHOTS } from "../support/chromium";
import { type RegistryProcess, startRegistry } from "../support/registry-process";


describe.skipIf(!haveChromium)("home page in Chromium", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-browser-"));
  let registry: RegistryProcess;
  let browser: Browser;

  beforeAll(async () => {
    registry = await startRegistry({ SIGIL_DATA_DIR: dataDir }, ["--demo"]);
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await registry?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    [1440, 1000],
    [375, 800],
  ])("lists the published servers and the client base URL at %ipx without overflowing", async (width, height) => {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(registry.baseUrl);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("MCP servers you can trust");
    await expect(page.getByLabel("Registry base URL").textContent()).resolves.toBe(registry.baseUrl);
    const cards = page.locator(".server-list > li");
    expect(await cards.count()).toBeGreaterThanOrEqual(5);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, `home-${width}.png`), fullPage: true });
    await page.close();
  });

  it("opens a server's page with its versions, review and an install snippet pinned to the exact version", async () => {
    for (const width of [1440, 375]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(registry.baseUrl);
      await page.getByRole("link", { name: "Weather" }).click();
      await page.waitForURL(/\/servers\/io\.github\.sigil-demo\//);
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Weather");
      const snippet = JSON.parse((await page.getByLabel("Client configuration").textContent()) ?? "{}");
      const entry = Object.values(snippet.mcpServers as Record<string, { args: string[] }>)[0]!;
      expect(entry.args.at(-1)).toMatch(/@\d+\.\d+\.\d+$/);
      await expect(page.getByRole("heading", { name: "Versions" }).isVisible()).resolves.toBe(true);
      await expect(page.getByText(/Approved by/).isVisible()).resolves.toBe(true);
      // The signature, where to fetch it, and how to check it without trusting this page.
      await expect(page.getByRole("heading", { name: "Signature" }).isVisible()).resolves.toBe(true);
      await expect(page.getByText(/was signed .* with the registry key SHA256:/).isVisible()).resolves.toBe(true);
      const bundle = await fetch((await page.getByRole("link", { name: "Sigstore bundle" }).getAttribute("href"))!);
      expect(bundle.headers.get("content-type")).toBe("application/vnd.dev.sigstore.bundle.v0.3+json");
      await expect(page.getByLabel("Verification commands").textContent()).resolves.toMatch(/npx sigil verify io\.github\.sigil-demo\/weather@1\.0\.0 --registry http/);
      // Only admins see the kill switch.
      await expect(page.getByRole("heading", { name: "Revoke" }).count()).resolves.toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOTS, `server-${width}.png`), fullPage: true });
      await page.close();
    }
  });

  it("searches from the keyboard", async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
    await page.goto(registry.baseUrl);
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Skip to content");
    await page.getByLabel("Search servers by name or description").fill("weather");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\?q=weather/);
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/1 result for “weather”/);
    await expect(page.locator(".server-list h3").allTextContents()).resolves.toEqual(["Weather"]);
    await page.getByLabel("Search servers by name or description").fill("no-such-server");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\?q=no-such-server/);
    await expect(page.locator(".empty").textContent()).resolves.toContain("No published server matches");
    await page.screenshot({ path: path.join(SCREENSHOTS, "home-search-empty.png") });
    await page.close();
  });

  // Last: it revokes a demo version and freezes publishing.
  it("lets an admin revoke a version from its server's page, after which it fails verification, and freeze publishing", async () => {
    const password = /with the password (\S+) \(shown this once\)/.exec(registry.output())![1]!;
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${registry.baseUrl}/sign-in?callbackUrl=${encodeURIComponent("/servers/io.github.sigil-demo/filesystem")}`);
    await page.getByLabel("Email").fill("admin@demo.sigil.dev");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/servers\/io\.github\.sigil-demo\/filesystem$/);
    const form = page.getByRole("form", { name: "Revoke" });
    await form.getByLabel("Version").selectOption("1.1.0");
    await form.getByRole("button", { name: "Revoke" }).click();
    await expect(page.locator("#revoke-reason:invalid").count()).resolves.toBe(1);
    await form.getByLabel("Reason").fill("Reads files outside the folders it was given (CVE-2026-0001)");
    await page.screenshot({ path: path.join(SCREENSHOTS, "server-revoke-1440.png"), fullPage: true });
    await form.getByRole("button", { name: "Revoke" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Revoked io.github.sigil-demo/filesystem@1.1.0" }).first().textContent()).resolves.toContain("Clients refuse it from now on.");
    const verdict = await (await fetch(`${registry.baseUrl}/api/v1/verify`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "io.github.sigil-demo/filesystem", version: "1.1.0" }) })).json();
    expect(verdict).toMatchObject({ verified: false, revoked: true, reasons: [{ code: "REVOKED", message: expect.stringContaining("CVE-2026-0001") }] });
    await expect(page.getByRole("row").filter({ hasText: "1.1.0" }).textContent()).resolves.toContain("CVE-2026-0001");

    await page.goto(`${registry.baseUrl}/admin#publishing-title`);
    await page.getByRole("form", { name: "Publishing" }).getByLabel("Reason").fill("Rotating the signing key");
    await page.getByRole("button", { name: "Freeze all publishing" }).click();
    await page.getByRole("status").filter({ hasText: "Publishing is frozen" }).first().waitFor();
    await expect(page.getByText(/Frozen since .*Rotating the signing key/).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "admin-publishing-frozen-1440.png"), fullPage: true });
    await page.getByRole("form", { name: "Publishing" }).getByLabel("Reason").fill("Key rotated");
    await page.getByRole("button", { name: "Lift the freeze and publish what waited" }).click();
    await page.getByRole("status").filter({ hasText: "Publishing resumed" }).first().waitFor();
    await expect(page.getByRole("row").filter({ hasText: "SHA256:" }).first().textContent()).resolves.toContain("Signing");
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.close();
  });
});

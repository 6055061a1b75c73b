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
});

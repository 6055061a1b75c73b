import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveChromium, launchChromium, SCREENSHOTS } from "../support/chromium";
import { systemActor } from "@/lib/actor";
import { NamespaceProof, Role } from "@/lib/db/generated/client";
import { grantNamespace } from "@/lib/namespaces/grant-namespace";
import { createUser } from "@/lib/users/create-user";
import { backends, useFreshDatabase } from "../support/database";
import { fixturePackage, startFakeRegistry } from "../support/fake-npm-registry";

type FakeRegistry = Awaited<ReturnType<typeof startFakeRegistry>>;
import { type RegistryProcess, startRegistry } from "../support/registry-process";

const FIXTURE = path.resolve("test/fixtures/packages/honest-weather");
const PASSWORD = "correct horse battery staple";

describe.skipIf(!haveChromium)("submit, scan, review and approve in Chromium", () => {
  const backend = backends.find((b) => b.name === "postgresql") ?? backends[0]!;
  const databaseUrl = useFreshDatabase(backend);
  let npm: FakeRegistry;
  let registry: RegistryProcess;
  let browser: Browser;

  beforeAll(async () => {
    const actor = systemActor("test");
    const maintainer = await createUser({ email: "maintainer@example.test", name: "Mia Maintainer", password: PASSWORD, roles: [Role.MAINTAINER] }, actor);
    await createUser({ email: "reviewer@example.test", name: "Rui Reviewer", password: PASSWORD, roles: [Role.REVIEWER] }, actor);
    await createUser({ email: "second@example.test", name: "Sam Second", password: PASSWORD, roles: [Role.REVIEWER] }, actor);
    await grantNamespace({ name: "io.github.example", ownerId: maintainer.id, proof: NamespaceProof.ADMIN_GRANT }, actor);
    npm = await startFakeRegistry([await fixturePackage(FIXTURE)]);
    registry = await startRegistry({ DATABASE_URL: databaseUrl(), SIGIL_WORKER_CONCURRENCY: "1", SIGIL_NPM_REGISTRY: npm.url, SIGIL_AUDIT_REGISTRY: npm.url });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await registry?.stop();
    await npm?.close();
  });

  async function signIn(email: string, width = 1440): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${registry.baseUrl}/sign-in`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${registry.baseUrl}/`);
    await expect(page.getByRole("button", { name: "Sign out" }).isVisible()).resolves.toBe(true);
    return page;
  }

  const noHorizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  it("takes a server.json from a maintainer to an approval by two other people", async () => {
    // The maintainer submits, and watches the scan until its report appears.
    const maintainer = await signIn("maintainer@example.test");
    await maintainer.getByRole("link", { name: "Submit" }).click();
    await maintainer.getByLabel("Paste the server.json").fill(fs.readFileSync(path.join(FIXTURE, "server.json"), "utf8"));
    await maintainer.getByRole("button", { name: "Submit for scanning and review" }).click();
    await maintainer.waitForURL(/\/submissions\/[a-z0-9]+$/);
    const submissionUrl = maintainer.url();
    await expect(maintainer.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("io.github.example/weather");
    await maintainer.screenshot({ path: path.join(SCREENSHOTS, "flow-1-submitted.png"), fullPage: true });
    await maintainer.getByRole("heading", { name: /Scan report/ }).waitFor({ timeout: 120_000 });
    await expect(maintainer.getByRole("status").first().textContent()).resolves.toContain("Scan finished");
    await expect(maintainer.getByRole("heading", { name: "Permissions: declared and detected" }).isVisible()).resolves.toBe(true);
    await expect(maintainer.getByRole("cell", { name: /api\.weather\.gov/ }).first().isVisible()).resolves.toBe(true);
    await maintainer.screenshot({ path: path.join(SCREENSHOTS, "flow-2-scanned.png"), fullPage: true });
    // A maintainer cannot review, not even their own submission.
    await expect(maintainer.getByRole("button", { name: "Approve" }).count()).resolves.toBe(0);

    // A reviewer finds it in the queue and sees the findings with file:line evidence.
    const reviewer = await signIn("reviewer@example.test");
    await reviewer.getByRole("link", { name: "Review" }).click();
    await reviewer.getByRole("link", { name: "io.github.example/weather" }).click();
    await reviewer.waitForURL(submissionUrl);
    await expect(reviewer.getByRole("heading", { name: "Findings" }).isVisible()).resolves.toBe(true);
    await expect(reviewer.locator(".finding .location").first().textContent()).resolves.toMatch(/\.js:\d+$/);
    // With the Node.js version the dependency tree was resolved for.
    await expect(reviewer.locator("section[aria-labelledby=deps-title] p").first().textContent()).resolves.toMatch(/deep, as npm resolves them for Node\.js \d+\.\d+\.\d+\./);
    await reviewer.screenshot({ path: path.join(SCREENSHOTS, "flow-3-review.png"), fullPage: true });

    // An approval without a reason is refused next to the field, then recorded with one.
    await reviewer.getByRole("button", { name: "Approve" }).click();
    await expect(reviewer.getByLabel(/Reason/).evaluate((el: HTMLTextAreaElement) => el.validity.valueMissing)).resolves.toBe(true);
    await reviewer.getByLabel(/Reason/).fill("Only talks to api.weather.gov, as declared; no install scripts.");
    await reviewer.getByRole("button", { name: "Approve" }).click();
    await reviewer.getByText(/Approved by Rui Reviewer/).waitFor();

    // A failing scan needs a second reviewer; a passing one is approved by the first.
    if (await reviewer.getByText("Waiting for review").count()) {
      const second = await signIn("second@example.test");
      await second.goto(submissionUrl);
      await second.getByLabel(/Reason/).fill("Agree with the first review.");
      await second.getByRole("button", { name: "Approve" }).click();
      await second.getByText(/Approved by Sam Second/).waitFor();
    }

    // The approval published it, signed: the maintainer sees it published, and it verifies.
    await maintainer.goto(`${registry.baseUrl}/submissions`);
    const row = maintainer.getByRole("row", { name: /io\.github\.example\/weather/ });
    await expect(row.getByText("Published").isVisible()).resolves.toBe(true);
    const verdict = await (await fetch(`${registry.baseUrl}/api/v1/verify`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "io.github.example/weather", version: "2.1.0" }) })).json();
    expect(verdict).toMatchObject({ verified: true, reasons: [], revoked: false });
    await maintainer.screenshot({ path: path.join(SCREENSHOTS, "flow-4-approved.png"), fullPage: true });

    // The pages hold at a phone's width.
    const phone = await signIn("reviewer@example.test", 375);
    for (const url of [submissionUrl, `${registry.baseUrl}/review`, `${registry.baseUrl}/submit`]) {
      await phone.goto(url);
      await expect(noHorizontalOverflow(phone), url).resolves.toBe(true);
    }
    await phone.goto(submissionUrl);
    await phone.screenshot({ path: path.join(SCREENSHOTS, "flow-5-phone.png"), fullPage: true });
  }, 300_000);

  it("sends a signed-out visitor to the sign-in page, and a maintainer away from the review queue", async () => {
    const page = await browser.newPage();
    await page.goto(`${registry.baseUrl}/review`);
    await page.waitForURL(/\/sign-in\?callbackUrl=%2Freview$/);
    const maintainer = await signIn("maintainer@example.test");
    const response = await maintainer.goto(`${registry.baseUrl}/review`);
    expect(response?.status()).toBe(403);
    await expect(maintainer.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Not allowed");
  }, 120_000);

  it("changes a password on the account page, with the wrong current password refused next to its field", async () => {
    const page = await signIn("second@example.test");
    await page.getByRole("link", { name: "Your account" }).click();
    await page.getByLabel("Current password").fill("not my password at all");
    await page.getByLabel(/New password/).fill("a brand new long password");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.locator("#current-error").textContent()).resolves.toBe("is not your current password");
    await expect(page.getByLabel("Current password").getAttribute("aria-invalid")).resolves.toBe("true");
    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByLabel(/New password/).fill("a brand new long password");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.waitForURL(/\/sign-in\?changed=password$/);
    await page.getByLabel("Email").fill("second@example.test");
    await page.getByLabel("Password").fill("a brand new long password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${registry.baseUrl}/`);
    await expect(page.getByRole("button", { name: "Sign out" }).isVisible()).resolves.toBe(true);
  }, 120_000);

  it("ends the session everywhere on sign-out: a copy of the cookie stops working", async () => {
    const page = await signIn("maintainer@example.test");
    const cookie = (await page.context().cookies()).find((c) => c.name === "next-auth.session-token")!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    const withCopy = () => fetch(`${registry.baseUrl}/api/v1/submissions`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
    expect((await withCopy()).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // session times are whole seconds
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("link", { name: "Sign in" }).waitFor();
    expect((await withCopy()).status).toBe(401);
    // next-auth re-signs a cookie whenever the session is asked for: the copy must not come back that way.
    const refreshed = await fetch(`${registry.baseUrl}/api/auth/session`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
    expect(((await refreshed.json()) as { userId?: string }).userId).toBeUndefined();
    const reissued = refreshed.headers.getSetCookie().find((c) => c.startsWith(`${cookie.name}=`))?.split(";")[0];
    if (reissued) {
      const again = await fetch(`${registry.baseUrl}/api/v1/submissions`, { headers: { cookie: reissued } });
      expect(again.status).toBe(401);
    }
  }, 120_000);
});

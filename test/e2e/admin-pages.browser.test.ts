import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveChromium, launchChromium, SCREENSHOTS } from "../support/chromium";
import { referenceExamples, startFakeUpstreamRegistry } from "../support/fake-upstream-registry";
import { type RegistryProcess, startRegistry } from "../support/registry-process";


const ADMIN = { name: "Ada Admin", email: "ada@example.com", password: "correct horse battery staple" };
const REVIEWER = { name: "Rita Reviewer", email: "rita@example.com", password: "rita's long passphrase" };
// Shown in the namespace table and the audit log: it must stay text.
const HOSTILE_NOTE = '<img src=x onerror="window.__xss=1">';
const IMPORTED = 45;

/** A web server on 127.0.0.1 standing in for the claimed domain's well-known file and for a slow, broken upstream. */
async function startSideServer() {
  const state = { wellKnownBody: "" };
  const server = http.createServer((req, res) => {
    if (req.url === "/.well-known/sigil-verification" && state.wellKnownBody) {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(`${state.wellKnownBody}\n`);
    } else if (req.url?.startsWith("/slow-upstream/")) {
      // Long enough to see the import's pending state, then not a registry.
      setTimeout(() => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end("upstream exploded");
      }, 1500);
    } else {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not here");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const noHorizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

/** Waits for a live region (role=status) or alert holding `text`, and returns its text. */
async function announced(page: Page | ReturnType<Page["locator"]>, role: "status" | "alert", text: string | RegExp) {
  const region = page.getByRole(role).filter({ hasText: text });
  await region.first().waitFor({ timeout: 20_000 });
  return (await region.first().textContent()) ?? "";
}

async function signIn(page: Page, baseUrl: string, who: { email: string; password: string }, then = "/") {
  await page.goto(`${baseUrl}/sign-in?callbackUrl=${encodeURIComponent(then)}`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${baseUrl}${then}`);
}

describe.skipIf(!haveChromium)("admin, token, namespace and audit pages in Chromium", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-admin-browser-"));
  let registry: RegistryProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let side: Awaited<ReturnType<typeof startSideServer>>;
  let upstream: Awaited<ReturnType<typeof startFakeUpstreamRegistry>>;
  let setupUrl: string;
  let base: string;

  beforeAll(async () => {
    const template = referenceExamples().find(({ file }) => file === "remote-streamable-http.json")!.document;
    upstream = await startFakeUpstreamRegistry(
      Array.from({ length: IMPORTED }, (_, i) => ({ server: { ...template, name: `io.github.bulk-${i}/remote-fs` }, updatedAt: new Date(Date.UTC(2026, 0, 1, 0, i)) })),
    );
    side = await startSideServer();
    // No --demo: the registry has no admin, and prints the one-time setup link.
    registry = await startRegistry({ SIGIL_DATA_DIR: dataDir, SIGIL_WORKER_CONCURRENCY: "0", SIGIL_UPSTREAM_REGISTRY: upstream.url, SIGIL_WELL_KNOWN_ORIGIN_OVERRIDE: side.origin });
    base = registry.baseUrl;
    const deadline = Date.now() + 30_000;
    let match: RegExpExecArray | null = null;
    while (!(match = /Create the first admin within 24 hours at (\S+\/setup\?token=[A-Za-z0-9_-]+)/.exec(registry.output()))) {
      if (Date.now() > deadline) throw new Error(`no setup link in the registry's output:\n${registry.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    setupUrl = match[1]!;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    page = await context.newPage();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await registry?.stop();
    // The registry's own log, for reading a failure (a page that did not load says no more).
    if (registry) fs.writeFileSync(path.resolve("test-results/admin-pages-registry.log"), registry.output());
    await upstream?.close();
    await side?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("sends anonymous visitors to sign in", async () => {
    const anonymous = await browser.newPage();
    await anonymous.goto(`${base}/admin`);
    await anonymous.waitForURL(/\/sign-in\?callbackUrl=%2Fadmin/);
    await anonymous.close();
  });

  it("creates the first admin from the setup link and signs in", async () => {
    expect(setupUrl.startsWith(`${base}/setup?token=`)).toBe(true);
    await page.goto(setupUrl);
    await page.getByLabel("Your name").fill(ADMIN.name);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password (12 characters or more)").fill(ADMIN.password);
    await page.getByRole("button", { name: "Create admin account" }).click();
    await page.waitForURL(/\/sign-in\?setup=done/);
    await signIn(page, base, ADMIN, "/admin");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Administration");
  }, 60_000);

  it("creates a reviewer, changes roles and refuses to drop the last admin", async () => {
    const form = page.locator("form").filter({ has: page.locator("#new-user-email") });
    // A taken email: the form says so and keeps what was typed.
    await form.getByLabel("Email").fill(ADMIN.email);
    await form.getByLabel("First password").fill(REVIEWER.password);
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(announced(form, "alert", "already exists")).resolves.toContain("A user with this email or GitHub login already exists.");
    await expect(form.getByLabel("Email").inputValue()).resolves.toBe(ADMIN.email);

    await form.getByLabel("Email").fill(REVIEWER.email);
    await form.getByLabel("Name", { exact: true }).fill(REVIEWER.name);
    await form.getByLabel("First password").fill(REVIEWER.password);
    await form.getByLabel("Maintainer (submits servers)").uncheck();
    await form.getByLabel("Reviewer (approves or rejects)").check();
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(announced(form, "status", "Created")).resolves.toBe(`Created ${REVIEWER.email} with reviewer. They can sign in with the password you chose.`);

    const rita = page.getByRole("row").filter({ hasText: REVIEWER.email });
    await expect(rita.getByLabel("Reviewer", { exact: true }).isChecked()).resolves.toBe(true);
    await expect(rita.getByLabel("Maintainer", { exact: true }).isChecked()).resolves.toBe(false);
    await rita.getByLabel("Maintainer", { exact: true }).check();
    await rita.getByRole("button", { name: `Save roles of ${REVIEWER.email}` }).click();
    await expect(announced(rita, "status", "Saved")).resolves.toBe("Saved: maintainer, reviewer.");

    const ada = page.getByRole("row").filter({ hasText: ADMIN.email });
    await ada.getByLabel("Admin", { exact: true }).uncheck();
    await ada.getByRole("button", { name: `Save roles of ${ADMIN.email}` }).click();
    await expect(announced(ada, "alert", "last admin")).resolves.toContain("This is the last admin");
    // The form shows the roles the user really has again.
    await expect(ada.getByLabel("Admin", { exact: true }).isChecked()).resolves.toBe(true);

    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: REVIEWER.email }).getByLabel("Maintainer", { exact: true }).isChecked()).resolves.toBe(true);
  }, 60_000);

  it("grants namespaces, with errors next to their fields and notes kept as text", async () => {
    const form = page.locator("form").filter({ has: page.locator("#grant-name") });
    await form.getByLabel("Namespace").fill("not a namespace");
    await form.getByLabel("User's email or id").fill("nobody@example.com");
    await form.getByRole("button", { name: "Grant namespace" }).click();
    await announced(form, "alert", "Name the user");
    await expect(form.getByLabel("User's email or id").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.locator("#grant-owner-error").textContent()).resolves.toBe("no user has this email or id");

    await form.getByLabel("User's email or id").fill(REVIEWER.email);
    await form.getByRole("button", { name: "Grant namespace" }).click();
    await announced(form, "alert", "Invalid namespace grant");
    await expect(form.getByLabel("Namespace").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(form.getByLabel("Namespace").getAttribute("aria-describedby")).resolves.toContain("grant-name-error");
    await expect(page.locator("#grant-name-error").textContent()).resolves.toContain("reverse-DNS name");

    await form.getByLabel("Namespace").fill("com.acme");
    await form.getByLabel("Note").fill(HOSTILE_NOTE);
    await form.getByRole("button", { name: "Grant namespace" }).click();
    await expect(announced(form, "status", "Granted")).resolves.toBe(`Granted “com.acme” to ${REVIEWER.email}.`);

    await form.getByLabel("Namespace").fill("com.ada-tools");
    await form.getByLabel("User's email or id").fill(ADMIN.email);
    await form.getByRole("button", { name: "Grant namespace" }).click();
    await expect(announced(form, "status", "Granted “com.ada-tools”")).resolves.toBe(`Granted “com.ada-tools” to ${ADMIN.email}.`);

    const acme = page.getByRole("row").filter({ hasText: "com.acme" });
    await expect(acme.textContent()).resolves.toContain(REVIEWER.email);
    await expect(acme.textContent()).resolves.toContain("Granted by an admin");
    await expect(acme.textContent()).resolves.toContain(HOSTILE_NOTE);
    expect(await page.locator("main img").count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  }, 60_000);

  it("runs upstream imports: a pending button, a failed run with its error, then a successful one", async () => {
    const form = page.locator("form").filter({ has: page.locator("#import-url") });
    await form.getByLabel("Upstream registry URL").fill(`${side.origin}/slow-upstream`);
    await form.getByRole("button", { name: "Run import" }).click();
    await form.getByRole("button", { name: /Importing…/ }).waitFor({ timeout: 5_000 });
    await expect(form.getByRole("button", { name: /Importing…/ }).isDisabled()).resolves.toBe(true);
    await expect(announced(form, "alert", "recorded as failed")).resolves.toMatch(/HTTP 500/);

    await form.getByLabel("Upstream registry URL").fill("");
    await form.getByRole("button", { name: "Run import" }).click();
    await expect(announced(form, "status", "finished")).resolves.toBe(`Import from ${upstream.url} finished: ${IMPORTED} imported, 0 skipped, 0 invalid.`);

    const runs = page.locator("table").filter({ has: page.getByRole("columnheader", { name: "Imported" }) });
    const rows = runs.locator("tbody tr");
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.nth(0).textContent()).resolves.toContain("Succeeded");
    await expect(rows.nth(1).textContent()).resolves.toContain("Failed");
    await expect(rows.nth(1).textContent()).resolves.toContain("HTTP 500");
    await page.screenshot({ path: path.join(SCREENSHOTS, "admin-1440.png"), fullPage: true });
  }, 60_000);

  it("issues a token, shows its secret once, and revokes it after a confirmation, from the keyboard", async () => {
    await page.goto(`${base}/tokens`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("API tokens");
    await page.getByLabel("Name", { exact: true }).fill("CI publish");
    await expect(page.getByLabel("Submit versions (web API and the MCP publisher CLI)").isChecked()).resolves.toBe(true);
    // The one namespace Ada owns is offered, and ticked.
    await expect(page.getByLabel("com.ada-tools").isChecked()).resolves.toBe(true);
    await page.getByLabel("Expires after (days)").fill("30");
    await page.getByRole("button", { name: "Issue token" }).click();

    const secretBox = page.getByLabel("Your new API token");
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^sigil_/);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("new-token-secret");
    await expect(page.locator(".secret-panel").textContent()).resolves.toContain("Sigil will not show it again");
    const row = page.getByRole("row").filter({ hasText: "CI publish" });
    await expect(row.textContent()).resolves.toContain("Active");
    const prefix = (await row.locator("code").first().textContent())!;
    expect(prefix).toMatch(/^sigil_.+…$/);
    expect(secret.startsWith(prefix.slice(0, -1))).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "tokens-secret-1440.png"), fullPage: true });

    const withToken = () => fetch(`${base}/api/v1/submissions`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await withToken()).status).toBe(200);

    await page.reload();
    await expect(page.locator("#new-token-secret").count()).resolves.toBe(0);
    expect(await page.content()).not.toContain(secret);

    const again = page.getByRole("row").filter({ hasText: "CI publish" });
    await again.getByRole("button", { name: "Revoke token “CI publish”" }).focus();
    await page.keyboard.press("Enter");
    // The confirmation takes the focus on its harmless choice.
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Cancel");
    await page.keyboard.press("Enter");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Revoke token “CI publish”");
    // Escape also backs out.
    await page.keyboard.press("Enter");
    await page.keyboard.press("Escape");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Revoke token “CI publish”");
    expect((await withToken()).status).toBe(200);
    await page.keyboard.press("Enter");
    await page.keyboard.press("Shift+Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Yes, revoke");
    await page.keyboard.press("Enter");
    await expect(announced(again, "status", "Revoked")).resolves.toContain("Revoked. Anything still using this token is refused from now on.");
    await expect(again.locator(".badge").textContent()).resolves.toMatch(/^Revoked /);
    expect((await withToken()).status).toBe(401);
  }, 60_000);

  it("claims a namespace over HTTP: instructions, a failed check that says why, then the proof", async () => {
    await page.goto(`${base}/namespaces`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Your namespaces");
    await page.getByLabel("Namespace", { exact: true }).fill("com.Proof-Demo");
    await page.getByRole("button", { name: "Start claim" }).click();
    await announced(page, "alert", "Invalid namespace claim");
    await expect(page.getByLabel("Namespace", { exact: true }).getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.locator("#claim-namespace-error").textContent()).resolves.toContain("must be lowercase");

    await page.getByLabel("Namespace", { exact: true }).fill("com.proof-demo");
    await page.getByLabel(/^HTTP: a file at/).check();
    await page.getByRole("button", { name: "Start claim" }).click();
    const started = await announced(page, "status", "Claim of com.proof-demo started");
    expect(started).toContain("the body of https://proof-demo.com/.well-known/sigil-verification");
    const value = (await page.locator("#new-claim-value").textContent())!;
    expect(value).toMatch(/^sigil-verification=[A-Za-z0-9_-]{43}$/);

    const claim = page.locator(".claim-list > li").filter({ hasText: "com.proof-demo" });
    await claim.getByRole("button", { name: "Check now for com.proof-demo" }).click();
    const failure = await announced(claim, "alert", "Sigil looked for");
    expect(failure).toContain(`Sigil looked for "${value}" in ${side.origin}/.well-known/sigil-verification and found HTTP 404.`);

    side.state.wellKnownBody = value;
    await claim.getByRole("button", { name: "Check now for com.proof-demo" }).click();
    await expect(announced(page, "status", "Proven")).resolves.toBe("Proven: you now own the namespace “com.proof-demo”.");
    const owned = page.getByRole("row").filter({ hasText: "com.proof-demo" });
    await expect(owned.textContent()).resolves.toContain("HTTPS well-known file");
    await expect(page.locator(".claim-list > li").count()).resolves.toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "namespaces-1440.png"), fullPage: true });
  }, 60_000);

  it("shows the audit log with filters in the URL, pages to older events, and verifies the chain", async () => {
    await page.goto(`${base}/audit`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Audit log");
    const seqs = async () => (await page.locator("tbody tr td:first-child").allTextContents()).map(Number);
    const first = await seqs();
    expect(first).toHaveLength(50);
    expect(first).toEqual([...first].sort((a, b) => b - a));

    await page.getByRole("link", { name: "Older events" }).click();
    await page.waitForURL(/\/audit\?cursor=/);
    const older = await seqs();
    expect(Math.max(...older)).toBe(Math.min(...first) - 1);
    await expect(page.getByRole("link", { name: "Newest events" }).count()).resolves.toBe(1);

    // The filters are a GET form: the URL is the filtered view.
    await page.goto(`${base}/audit`);
    await page.getByLabel("Action").fill("token.");
    await page.getByLabel("Action").press("Enter");
    await page.waitForURL(/\/audit\?action=token\.&/);
    const actions = async () => page.locator("tbody tr td:nth-child(4)").allTextContents();
    await expect(actions()).resolves.toEqual(["token.revoked", "token.issued"]);
    const issued = page.getByRole("row").filter({ hasText: "token.issued" });
    const data = JSON.parse((await issued.locator("pre.json").textContent())!);
    expect(data).toMatchObject({ name: "CI publish", scopes: ["submit"], namespaces: ["com.ada-tools"] });
    await expect(issued.textContent()).resolves.toContain(ADMIN.email);

    const shared = page.url();
    await page.goto(shared);
    await expect(actions()).resolves.toEqual(["token.revoked", "token.issued"]);

    await page.goto(`${base}/audit?action=namespace.`);
    // The import created a namespace (without owners) for each of its servers.
    const namespaceActions = (await actions()).filter((action) => action !== "namespace.created");
    expect(namespaceActions).toEqual(["namespace.claimed", "namespace.claim_started", "namespace.granted", "namespace.granted"]);
    // JSON text: the note's quotes are escaped in it.
    const grant = page.getByRole("row").filter({ hasText: "window.__xss" });
    await expect(grant.locator("pre.json").textContent()).resolves.toContain(JSON.stringify(HOSTILE_NOTE));
    expect(await page.locator("main img").count()).toBe(0);

    await page.goto(`${base}/audit?action=user.&actor=${encodeURIComponent(ADMIN.email)}`);
    await expect(actions()).resolves.toEqual(["user.roles_changed", "user.created", "user.signed_in", "user.created"]);

    await page.goto(`${base}/audit?since=yesterday`);
    await announced(page, "alert", "since");
    await expect(page.getByLabel("Since (UTC)").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.locator("#filter-since-error").textContent()).resolves.toContain("RFC 3339");

    await page.goto(`${base}/audit`);
    await page.getByRole("button", { name: "Verify the chain" }).click();
    const ok = await announced(page, "status", "The chain is intact");
    const total = Number(/all (\d+) events verified/.exec(ok)?.[1]);
    expect(total).toBeGreaterThan(IMPORTED + 10);
    await page.screenshot({ path: path.join(SCREENSHOTS, "audit-1440.png"), fullPage: true });
  }, 60_000);

  it.each([
    [1440, 1000],
    [375, 800],
  ])("does not overflow horizontally at %ipx", async (width, height) => {
    await page.setViewportSize({ width, height });
    for (const name of ["admin", "tokens", "namespaces", "audit"]) {
      await page.goto(`${base}/${name}`);
      await page.getByRole("heading", { level: 1 }).waitFor();
      expect({ page: name, fits: await noHorizontalOverflow(page) }).toEqual({ page: name, fits: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1440, height: 1000 });
  }, 60_000);

  it("keeps reviewers out of the admin pages but lets them manage their tokens", async () => {
    const reviewer = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const rita = await reviewer.newPage();
    await signIn(rita, base, REVIEWER);
    for (const name of ["admin", "audit"]) {
      await rita.goto(`${base}/${name}`);
      await expect(rita.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Not allowed");
    }
    await rita.goto(`${base}/tokens`);
    await expect(rita.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("API tokens");
    // Reviewers may name namespaces they do not own; Rita owns com.acme.
    await expect(rita.getByLabel("Other namespaces").count()).resolves.toBe(1);
    await expect(rita.getByLabel("com.acme").count()).resolves.toBe(1);
    await expect(rita.getByRole("row").filter({ hasText: "CI publish" }).count()).resolves.toBe(0);
    await reviewer.close();
  }, 60_000);
});

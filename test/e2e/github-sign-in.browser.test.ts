import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { haveChromium, launchChromium } from "../support/chromium";
import { backends, useFreshDatabase } from "../support/database";
import { startFakeGithub } from "../support/fake-github";
import { type RegistryProcess, startRegistry } from "../support/registry-process";

describe.skipIf(!haveChromium)("Sign in with GitHub, against a local GitHub", () => {
  const backend = backends.find((b) => b.name === "postgresql") ?? backends[0]!;
  const databaseUrl = useFreshDatabase(backend);
  let github: Awaited<ReturnType<typeof startFakeGithub>>;
  let registry: RegistryProcess;
  let browser: Browser;

  beforeAll(async () => {
    github = await startFakeGithub("sigil-test-client", "sigil-test-secret");
    registry = await startRegistry({
      DATABASE_URL: databaseUrl(),
      SIGIL_WORKER_CONCURRENCY: "0",
      SIGIL_GITHUB_CLIENT_ID: "sigil-test-client",
      SIGIL_GITHUB_CLIENT_SECRET: "sigil-test-secret",
      SIGIL_GITHUB_URL: github.url,
      SIGIL_GITHUB_API_URL: github.url,
    });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await registry?.stop();
    await github?.close();
  });

  async function signInWithGithub() {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${registry.baseUrl}/sign-in`);
    await page.getByRole("button", { name: "Sign in with GitHub" }).click();
    await page.waitForURL(`${registry.baseUrl}/`);
    return page;
  }

  it("signs a new GitHub user in as a maintainer who owns io.github.<login> and its organisations' namespaces", async () => {
    github.signInAs({ id: 4242, login: "octo-maintainer", name: "Octo Maintainer", orgs: [{ login: "octo-org", id: 500, role: "admin" }, { login: "member-org", id: 501, role: "member" }] });
    const page = await signInWithGithub();
    await expect(page.locator(".nav-user").textContent()).resolves.toBe("Octo Maintainer");
    const user = await db().user.findUniqueOrThrow({ where: { githubId: "4242" }, include: { namespaces: { include: { namespace: true } } } });
    expect(user).toMatchObject({ githubLogin: "octo-maintainer", roles: ["MAINTAINER"] });
    // Its own login's namespace, and the organisation it administers; not one it only belongs to.
    expect(user.namespaces.map((n) => [n.namespace.name, n.namespace.proof]).sort()).toEqual([
      ["io.github.octo-maintainer", "GITHUB_LOGIN"],
      ["io.github.octo-org", "GITHUB_ORG"],
    ]);
    expect(await db().auditEvent.count({ where: { action: "user.signed_in", actorId: user.id, data: { path: ["method"], equals: "github" } } })).toBe(1);
    await page.getByRole("link", { name: "Namespaces" }).click();
    await page.waitForURL(`${registry.baseUrl}/namespaces`);
    await page.getByRole("cell", { name: "io.github.octo-maintainer" }).first().waitFor();
  });

  it("keeps the same user after a rename, and gives the old login's next holder an account of their own", async () => {
    github.signInAs({ id: 4242, login: "octo-renamed", name: "Octo Maintainer" });
    await signInWithGithub();
    // Someone else also registers an organisation that took over the name octo-org.
    github.signInAs({ id: 9999, login: "octo-maintainer", name: "Someone Else", orgs: [{ login: "octo-org", id: 666, role: "admin" }] });
    const stranger = await signInWithGithub();
    await expect(stranger.locator(".nav-user").textContent()).resolves.toBe("Someone Else");
    const original = await db().user.findUniqueOrThrow({ where: { githubId: "4242" } });
    expect(original.githubLogin).toBe("octo-renamed");
    const other = await db().user.findUniqueOrThrow({ where: { githubId: "9999" } });
    expect(other.id).not.toBe(original.id);
    // The old login's namespace stays with the account that proved it, not with its new holder.
    const owners = await db().namespaceOwner.findMany({ where: { namespace: { name: "io.github.octo-maintainer" } } });
    expect(owners.map((o) => o.userId)).toEqual([original.id]);
    const orgOwners = await db().namespaceOwner.findMany({ where: { namespace: { name: "io.github.octo-org" } } });
    expect(orgOwners.map((o) => o.userId)).toEqual([original.id]);
  });
});

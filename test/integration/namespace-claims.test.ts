import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, userActor } from "@/lib/actor";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { readConfig } from "@/lib/config";
import { db } from "@/lib/db/client";
import { NamespaceProof, Role } from "@/lib/db/generated/client";
import { ensureGithubNamespace } from "@/lib/namespaces/github-namespace";
import { grantNamespace } from "@/lib/namespaces/grant-namespace";
import { startNamespaceClaim, verifyNamespaceClaim } from "@/lib/namespaces/namespace-claims";
import { createUser } from "@/lib/users/create-user";
import { submitVersion } from "@/lib/versions/submit-version";
import { backends, useFreshDatabase } from "../support/database";
import { type FakeDnsServer, startFakeDnsServer } from "../support/fake-dns-server";
import { serverJson } from "../support/registry-fixtures";

/** Everything a claim or a grant could write. */
async function counts() {
  const [namespaces, owners, verifiedClaims, events] = await Promise.all([
    db().namespace.count(),
    db().namespaceOwner.count(),
    db().namespaceClaim.count({ where: { verifiedAt: { not: null } } }),
    db().auditEvent.count(),
  ]);
  return { namespaces, owners, verifiedClaims, events };
}

/** The local stand-in for https://<domain>: each test says how it answers. */
interface WellKnownServer {
  origin: string;
  paths: string[];
  respond: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  close(): Promise<void>;
}

async function startWellKnownServer(): Promise<WellKnownServer> {
  const state: WellKnownServer = {
    origin: "",
    paths: [],
    respond: (_req, res) => res.writeHead(404).end(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    state.paths.push(req.url ?? "");
    state.respond(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

const serve = (body: string | Buffer, headers: http.OutgoingHttpHeaders = {}) => (_req: http.IncomingMessage, res: http.ServerResponse) =>
  res.writeHead(200, { "content-type": "text/plain", ...headers }).end(body);

describe.each(backends)("namespace claims on $name PostgreSQL", (backend) => {
  useFreshDatabase(backend);
  let dns: FakeDnsServer;
  let web: WellKnownServer;
  let alice: string;
  let bob: string;
  let carol: string;
  let admin: string;

  beforeAll(async () => {
    dns = await startFakeDnsServer();
    web = await startWellKnownServer();
    process.env.SIGIL_DNS_SERVERS = dns.address;
    process.env.SIGIL_WELL_KNOWN_ORIGIN_OVERRIDE = web.origin;
    const actor = systemActor("test");
    alice = (await createUser({ email: "alice@example.test", githubLogin: "Alice-Dev", roles: [Role.MAINTAINER] }, actor)).id;
    bob = (await createUser({ email: "bob@example.test", githubLogin: "bob-gh", roles: [Role.MAINTAINER] }, actor)).id;
    carol = (await createUser({ email: "carol@example.test", roles: [Role.MAINTAINER] }, actor)).id;
    admin = (await createUser({ email: "admin@example.test", roles: [Role.ADMIN] }, actor)).id;
  });

  afterAll(async () => {
    delete process.env.SIGIL_DNS_SERVERS;
    delete process.env.SIGIL_WELL_KNOWN_ORIGIN_OVERRIDE;
    await dns?.close();
    await web?.close();
  });

  it("starts a DNS claim with a published token and an audit event; starting again returns the same claim", async () => {
    const claim = await startNamespaceClaim({ namespace: "com.example", userId: alice, method: "dns" });
    expect(claim).toMatchObject({ namespace: "com.example", domain: "example.com", method: "dns", where: "a TXT record on example.com" });
    expect(claim.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(claim.value).toBe(`sigil-verification=${claim.token}`);
    const days = (claim.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "namespace.claim_started", subjectId: claim.claimId } });
    expect(event).toMatchObject({ actorId: alice, subjectType: "namespace_claim", data: expect.objectContaining({ namespace: "com.example", method: "dns" }) });

    const before = await counts();
    const again = await startNamespaceClaim({ namespace: "com.example", userId: alice, method: "dns" });
    expect(again.claimId).toBe(claim.claimId);
    expect(again.token).toBe(claim.token);
    expect(await counts()).toEqual(before);
    // Another method is another claim, with its own token.
    const viaHttp = await startNamespaceClaim({ namespace: "com.example", userId: alice, method: "http" });
    expect(viaHttp.token).not.toBe(claim.token);
    expect(viaHttp.where).toBe("the body of https://example.com/.well-known/sigil-verification");
  });

  it("refuses io.github.* and malformed namespaces with a clear message, and writes nothing", async () => {
    const before = await counts();
    const claimsBefore = await db().namespaceClaim.count();
    const refused: [string, RegExp][] = [
      ["io.github.x", /GitHub namespace: io\.github\.<login> belongs to the GitHub account/],
      ["io.github", /GitHub namespace/],
      ["Com.Example", /must be lowercase.*"com\.example"/],
      ["example", /at least two labels/],
      ["com..example", /"" is not a domain label/],
      ["com.-example", /"-example" is not a domain label/],
      ["com.exa_mple", /"exa_mple" is not a domain label/],
      ["com.example/weather", /"example\/weather" is not a domain label/],
      ["1.0.0.127", /"1" is not a top-level domain/],
      ["localhost.printer", /"\.localhost" is a reserved top-level domain/],
      [`com.${"a".repeat(64)}`, /is not a domain label/],
    ];
    for (const [namespace, message] of refused) {
      const attempt = startNamespaceClaim({ namespace, userId: alice, method: "dns" });
      await expect(attempt, namespace).rejects.toMatchObject({ status: 422, errors: [expect.objectContaining({ location: "namespace", message: expect.stringMatching(message) })] });
    }
    await expect(startNamespaceClaim({ namespace: "com.example", userId: alice, method: "ftp" as "dns" })).rejects.toMatchObject({
      status: 422,
      errors: [expect.objectContaining({ location: "method", message: 'must be "dns" or "http"' })],
    });
    await expect(startNamespaceClaim({ namespace: "com.example", userId: "no-such-user", method: "dns" })).rejects.toMatchObject({ status: 404 });
    expect(await counts()).toEqual(before);
    expect(await db().namespaceClaim.count()).toBe(claimsBefore);
  });

  it("proves a namespace by DNS: creates it with the proof recorded, the owner and an audit event", async () => {
    const claim = await startNamespaceClaim({ namespace: "com.example", userId: alice, method: "dns" });
    dns.txt.set("example.com", ["v=spf1 -all", claim.value]);
    const { namespace } = await verifyNamespaceClaim({ claimId: claim.claimId, userId: alice });

    expect(dns.queries).toContain("example.com 16");
    const stored = await db().namespace.findUniqueOrThrow({ where: { name: "com.example" }, include: { owners: true } });
    expect(stored.id).toBe(namespace.id);
    expect(stored.proof).toBe(NamespaceProof.DNS_TXT);
    expect(stored.proofDetail).toMatchObject({ method: "dns", domain: "example.com", txtRecord: claim.value, claimId: claim.claimId });
    expect(stored.owners.map((o) => o.userId)).toEqual([alice]);
    expect((await db().namespaceClaim.findUniqueOrThrow({ where: { id: claim.claimId } })).verifiedAt).toBeInstanceOf(Date);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "namespace.claimed", subjectId: namespace.id } });
    expect(event).toMatchObject({ actorId: alice, subjectType: "namespace", data: expect.objectContaining({ name: "com.example", proof: "DNS_TXT", newNamespace: true }) });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });

    // The proven namespace is one the owner can submit to.
    await expect(submitVersion(serverJson("com.example/weather", "1.0.0"), alice)).resolves.toMatchObject({ serverName: "com.example/weather" });
    await expect(startNamespaceClaim({ namespace: "com.example", userId: alice, method: "dns" })).rejects.toMatchObject({ status: 409, detail: 'You already own the namespace "com.example".' });
    await expect(verifyNamespaceClaim({ claimId: claim.claimId, userId: alice })).rejects.toMatchObject({ status: 409, detail: expect.stringMatching(/already verified/) });
  });

  it("refuses a wrong token, a missing record or domain and a failing DNS, saying what it found, and writes nothing", async () => {
    const claim = await startNamespaceClaim({ namespace: "com.example.tools", userId: alice, method: "dns" });
    const before = await counts();
    const looked = `Sigil looked for "${claim.value}" in the TXT records of tools.example.com and found`;

    dns.txt.set("tools.example.com", ["sigil-verification=stale-token-from-last-week", "google-site-verification=abc"]);
    await expect(verifyNamespaceClaim({ claimId: claim.claimId, userId: alice })).rejects.toMatchObject({
      status: 422,
      title: "Namespace Not Proven",
      detail: `${looked} 2 TXT records, none of them the expected one: "sigil-verification=stale-token-from-last-week", "google-site-verification=abc". Publish a TXT record "${claim.value}" on tools.example.com, then verify again before ${claim.expiresAt.toISOString()}.`,
    });
    dns.txt.set("tools.example.com", []);
    await expect(verifyNamespaceClaim({ claimId: claim.claimId, userId: alice })).rejects.toMatchObject({ status: 422, detail: expect.stringContaining(`${looked} no TXT records.`) });
    dns.txt.delete("tools.example.com");
    await expect(verifyNamespaceClaim({ claimId: claim.claimId, userId: alice })).rejects.toMatchObject({
      status: 422,
      detail: expect.stringContaining(`${looked} that tools.example.com does not exist in DNS.`),
    });
    dns.failing.add("tools.example.com");
    await expect(verifyNamespaceClaim({ claimId: claim.claimId, userId: alice })).rejects.toMatchObject({
      status: 422,
      detail: expect.stringContaining(`${looked} that the DNS lookup failed (ESERVFAIL); try again in a few minutes.`),
    });
    dns.failing.delete("tools.example.com");
    // The parent domain's proof does not carry over: each namespace is proven by its own domain.
    expect(dns.txt.get("example.com")).toBeDefined();

    expect(await counts()).toEqual(before);
    expect(await db().namespace.findUnique({ where: { name: "com.example.tools" } })).toBeNull();
  });

  it("refuses an expired claim, someone else's claim and an unknown claim, and writes nothing", async () => {
    const claim = await startNamespaceClaim({ namespace: "net.expired", userId: bob, method: "dns" });
    dns.txt.set("expired.net", [claim.value]);
    const before = await counts();
    // Someone else's claim does not exist for this user, and the answer does not name its namespace.
    await expect(verifyNamespaceClaim({ claimId: claim.claimId, userId: alice })).rejects.toMatchObject({
      status: 404,
      detail: "There is no such namespace claim of yours.",
    });
    await expect(verifyNamespaceClaim({ claimId: "no-such-claim", userId: bob })).rejects.toMatchObject({ status: 404 });

    const past = new Date(Date.now() - 1000);
    await db().namespaceClaim.update({ where: { id: claim.claimId }, data: { expiresAt: past } });
    dns.queries.length = 0;
    await expect(verifyNamespaceClaim({ claimId: claim.claimId, userId: bob })).rejects.toMatchObject({
      status: 410,
      detail: `This claim of "net.expired" expired at ${past.toISOString()}; start a new claim to get a new token.`,
    });
    // Refused before any lookup.
    expect(dns.queries).toEqual([]);
    expect(await counts()).toEqual(before);

    // A new claim is a new token; the expired one no longer counts as open.
    const fresh = await startNamespaceClaim({ namespace: "net.expired", userId: bob, method: "dns" });
    expect(fresh.claimId).not.toBe(claim.claimId);
  });

  it("proves a namespace over HTTP, once even when verified twice at the same moment", async () => {
    const claim = await startNamespaceClaim({ namespace: "org.sample", userId: carol, method: "http" });
    web.paths.length = 0;
    web.respond = serve(`# Sigil\n${claim.value}\n`);
    const results = await Promise.allSettled([0, 1].map(() => verifyNamespaceClaim({ claimId: claim.claimId, userId: carol })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { status: 409 } });
    expect(web.paths).toEqual(["/.well-known/sigil-verification", "/.well-known/sigil-verification"]);

    const stored = await db().namespace.findUniqueOrThrow({ where: { name: "org.sample" }, include: { owners: true } });
    expect(stored.proof).toBe(NamespaceProof.HTTP_WELL_KNOWN);
    expect(stored.proofDetail).toMatchObject({ method: "http", domain: "sample.org", url: `${web.origin}/.well-known/sigil-verification`, body: claim.value, claimId: claim.claimId });
    expect(stored.owners.map((o) => o.userId)).toEqual([carol]);
    expect(await db().auditEvent.count({ where: { action: "namespace.claimed", subjectId: stored.id } })).toBe(1);
  });

  it("refuses HTTP 404, redirects to another host, oversized and wrong bodies, and writes nothing; follows a redirect within the site", async () => {
    const claim = await startNamespaceClaim({ namespace: "org.sample.tools", userId: carol, method: "http" });
    const url = `${web.origin}/.well-known/sigil-verification`;
    const looked = `Sigil looked for "${claim.value}" in ${url} and found`;
    const before = await counts();
    const refusal = (found: string) => ({ status: 422, detail: expect.stringContaining(`${looked} ${found}`) });
    const verify = () => verifyNamespaceClaim({ claimId: claim.claimId, userId: carol });

    web.respond = (_req, res) => res.writeHead(404).end("not here");
    await expect(verify()).rejects.toMatchObject({
      status: 422,
      detail: `${looked} HTTP 404. Serve "${claim.value}" as the body of ${url}, then verify again before ${claim.expiresAt.toISOString()}.`,
    });

    const paths: string[] = [];
    web.respond = (req, res) => {
      paths.push(req.url!);
      res.writeHead(302, { location: `http://attacker.invalid/.well-known/sigil-verification` }).end();
    };
    await expect(verify()).rejects.toMatchObject(refusal(`a redirect (HTTP 302) to http://attacker.invalid: Sigil follows redirects only within ${web.origin}.`));
    expect(paths).toEqual(["/.well-known/sigil-verification"]);

    web.respond = (_req, res) => res.writeHead(302, { location: "/again" }).end();
    await expect(verify()).rejects.toMatchObject(refusal("more than 3 redirects."));

    // The token first, then too much: the whole body is refused, with or without a declared length.
    const big = `${claim.value}\n${"x".repeat(5000)}`;
    web.respond = serve(big);
    await expect(verify()).rejects.toMatchObject(refusal("a body larger than 4096 bytes; serve only the line of the challenge."));
    web.respond = (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write(`${claim.value}\n`);
      for (let i = 0; i < 10; i++) res.write("y".repeat(1000));
      res.end();
    };
    await expect(verify()).rejects.toMatchObject(refusal("a body larger than 4096 bytes"));

    web.respond = serve("sigil-verification=someone-elses-token\n");
    await expect(verify()).rejects.toMatchObject(refusal('HTTP 200 and 39 bytes, with "sigil-verification=someone-elses-token".'));
    // Other content is never quoted back: the check must not become a way to read pages.
    web.respond = serve("<html>internal admin console, secret=hunter2</html>");
    const error = await verify().catch((e: unknown) => e);
    expect(error).toMatchObject(refusal("HTTP 200 and 51 bytes, with no sigil-verification= line."));
    expect(String((error as Error).message)).not.toContain("hunter2");

    expect(await counts()).toEqual(before);

    web.respond = (req, res) => {
      if (req.url === "/.well-known/sigil-verification") res.writeHead(301, { location: "/.well-known/sigil-verification/" }).end();
      else serve(claim.value)(req, res);
    };
    const { namespace } = await verify();
    expect(namespace.name).toBe("org.sample.tools");
    expect((await db().namespace.findUniqueOrThrow({ where: { name: "org.sample.tools" } })).proofDetail).toMatchObject({ url: `${url}/` });
  });

  it("makes a second user who proves the same domain a co-owner", async () => {
    const claim = await startNamespaceClaim({ namespace: "com.example", userId: bob, method: "dns" });
    const first = await db().namespace.findUniqueOrThrow({ where: { name: "com.example" } });
    dns.txt.set("example.com", [...(dns.txt.get("example.com") ?? []), claim.value]);
    const { namespace } = await verifyNamespaceClaim({ claimId: claim.claimId, userId: bob });

    expect(namespace.id).toBe(first.id);
    const stored = await db().namespace.findUniqueOrThrow({ where: { id: first.id }, include: { owners: { orderBy: { grantedAt: "asc" } } } });
    expect(stored.owners.map((o) => o.userId)).toEqual([alice, bob]);
    // The namespace keeps its first proof; the second owner's is in their event and claim.
    expect(stored.proofDetail).toEqual(first.proofDetail);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "namespace.claimed", subjectId: first.id, actorId: bob } });
    expect(event.data).toMatchObject({ newNamespace: false, proofDetail: expect.objectContaining({ claimId: claim.claimId }) });
    await expect(submitVersion(serverJson("com.example/bobs-server", "1.0.0"), bob)).resolves.toBeDefined();
  });

  it("gives a namespace that has no owners (as an import leaves it) the proof of its first owner", async () => {
    const ownerless = await db().namespace.create({ data: { name: "dev.ownerless", proof: NamespaceProof.ADMIN_GRANT, proofDetail: { note: "created without owners" } } });
    const claim = await startNamespaceClaim({ namespace: "dev.ownerless", userId: carol, method: "http" });
    web.respond = serve(claim.value);
    await verifyNamespaceClaim({ claimId: claim.claimId, userId: carol });
    const stored = await db().namespace.findUniqueOrThrow({ where: { id: ownerless.id }, include: { owners: true } });
    expect(stored).toMatchObject({ proof: NamespaceProof.HTTP_WELL_KNOWN, proofDetail: expect.objectContaining({ claimId: claim.claimId }) });
    expect(stored.verifiedAt.getTime()).toBeGreaterThan(ownerless.verifiedAt.getTime());
    expect(stored.owners.map((o) => o.userId)).toEqual([carol]);
  });

  it("gives io.github.<login> to the user with that GitHub login only, once", async () => {
    const before = await counts();
    const namespace = await ensureGithubNamespace(alice);
    expect(namespace?.name).toBe("io.github.Alice-Dev");
    const stored = await db().namespace.findUniqueOrThrow({ where: { name: "io.github.Alice-Dev" }, include: { owners: true } });
    expect(stored).toMatchObject({ proof: NamespaceProof.GITHUB_LOGIN, proofDetail: { githubLogin: "Alice-Dev" } });
    expect(stored.owners.map((o) => o.userId)).toEqual([alice]);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "namespace.claimed", subjectId: stored.id } });
    expect(event).toMatchObject({ actorId: alice, data: expect.objectContaining({ proof: "GITHUB_LOGIN", newNamespace: true }) });
    expect(await counts()).toEqual({ ...before, namespaces: before.namespaces + 1, owners: before.owners + 1, events: before.events + 1 });

    // Every later sign-in finds it done and writes nothing.
    const afterFirst = await counts();
    expect((await ensureGithubNamespace(alice))?.id).toBe(stored.id);
    expect(await counts()).toEqual(afterFirst);

    // No login, no namespace; another login, another namespace.
    expect(await ensureGithubNamespace(carol)).toBeNull();
    expect(await counts()).toEqual(afterFirst);
    expect((await ensureGithubNamespace(bob))?.name).toBe("io.github.bob-gh");
    expect(await db().namespaceOwner.count({ where: { namespaceId: stored.id } })).toBe(1);
    await expect(submitVersion(serverJson("io.github.Alice-Dev/not-bobs", "1.0.0"), bob)).rejects.toMatchObject({ status: 403 });
    await expect(submitVersion(serverJson("io.github.Alice-Dev/weather", "1.0.0"), alice)).resolves.toBeDefined();
    await expect(ensureGithubNamespace("no-such-user")).rejects.toMatchObject({ status: 404 });
  });

  it("lets admins grant namespaces, audited, and nobody else", async () => {
    const namespace = await grantNamespace({ name: "net.granted", ownerId: carol, proof: NamespaceProof.ADMIN_GRANT, proofDetail: { ticket: "SUP-1" } }, userActor(admin));
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "namespace.granted", subjectId: namespace.id } });
    expect(event).toMatchObject({ actorId: admin, data: { name: "net.granted", ownerId: carol, proof: "ADMIN_GRANT", proofDetail: { ticket: "SUP-1" } } });

    const before = await counts();
    await expect(grantNamespace({ name: "net.stolen", ownerId: bob, proof: NamespaceProof.ADMIN_GRANT }, userActor(bob))).rejects.toMatchObject({
      status: 403,
      detail: "Only admins can grant namespaces.",
    });
    await expect(grantNamespace({ name: "net.nobody", ownerId: "no-such-user", proof: NamespaceProof.ADMIN_GRANT }, userActor(admin))).rejects.toMatchObject({ status: 404 });
    expect(await counts()).toEqual(before);
  });

  it("reads the settings for offline checks and refuses malformed ones", () => {
    const settings = (env: Record<string, string>) => readConfig(env as NodeJS.ProcessEnv);
    expect(settings({ SIGIL_DNS_SERVERS: "127.0.0.1:5353, 1.1.1.1,[::1]:53" }).SIGIL_DNS_SERVERS).toEqual(["127.0.0.1:5353", "1.1.1.1", "[::1]:53"]);
    expect(settings({}).SIGIL_DNS_SERVERS).toBeUndefined();
    expect(() => settings({ SIGIL_DNS_SERVERS: "dns.example.com" })).toThrow(/SIGIL_DNS_SERVERS: must be IP addresses/);
    expect(() => settings({ SIGIL_DNS_SERVERS: "127.0.0.1:99999" })).toThrow(/SIGIL_DNS_SERVERS/);
    expect(settings({ SIGIL_WELL_KNOWN_ORIGIN_OVERRIDE: "http://127.0.0.1:8080" }).SIGIL_WELL_KNOWN_ORIGIN_OVERRIDE).toBe("http://127.0.0.1:8080");
    expect(() => settings({ SIGIL_WELL_KNOWN_ORIGIN_OVERRIDE: "http://127.0.0.1:8080/some/path" })).toThrow(/SIGIL_WELL_KNOWN_ORIGIN_OVERRIDE: must be an http\(s\) origin/);
    expect(() => settings({ SIGIL_WELL_KNOWN_ORIGIN_OVERRIDE: "file:///etc" })).toThrow(/SIGIL_WELL_KNOWN_ORIGIN_OVERRIDE/);
  });
});

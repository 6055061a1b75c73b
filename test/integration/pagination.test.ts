import { beforeAll, describe, expect, it } from "vitest";
import { callApi } from "../support/call-api";
import { expectValid, officialResponseSchemaRef } from "../support/contract";
import { backends, useFreshDatabase } from "../support/database";
import { createTeam, publish, type Team } from "../support/registry-fixtures";

type Page = { servers: { server: { name: string; version: string } }[]; metadata: { nextCursor?: string; count: number } };
const key = (e: Page["servers"][number]) => `${e.server.name}@${e.server.version}`;

async function readAllPages(query: string, between: (page: number) => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const res = await callApi(`/v0.1/servers?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(res.status).toBe(200);
    expectValid(officialResponseSchemaRef("/v0.1/servers", "200"), res.body);
    const body = res.body as Page;
    expect(body.metadata.count).toBe(body.servers.length);
    seen.push(...body.servers.map(key));
    cursor = body.metadata.nextCursor;
    if (!cursor) return seen;
    await between(page);
  }
  throw new Error("pagination did not end");
}

describe.each(backends)("cursor pagination on $name PostgreSQL", (backend) => {
  useFreshDatabase(backend);
  let team: Team;
  let existing: string[];

  beforeAll(async () => {
    team = await createTeam("io.github.pager");
    // Names spread out so that later publications land both before and after any cursor.
    for (const name of ["b", "d", "f", "h", "j", "l"]) {
      for (const version of ["1.0.0", "1.1.0", "2.0.0"]) await publish(team, `srv-${name}`, version);
    }
    existing = (await readAllPages("limit=100", async () => {})).sort();
    expect(existing).toHaveLength(18);
  });

  it("pages through everything exactly once", async () => {
    const seen = await readAllPages("limit=4", async () => {});
    expect(seen).toHaveLength(18);
    expect([...seen].sort()).toEqual(existing);
  });

  it("never repeats or skips an entry when versions are published between pages", async () => {
    const names = ["a", "c", "e", "g", "i", "k", "m"];
    const seen = await readAllPages("limit=4", async (page) => {
      // One new server sorting before the cursor, one after, and a new version of an existing one.
      await publish(team, `srv-${names[page % names.length]}-${page}`, "1.0.0");
      await publish(team, `srv-z${page}`, "1.0.0");
      await publish(team, "srv-d", `3.0.${page}`);
    });
    expect(new Set(seen).size).toBe(seen.length);
    for (const entry of existing) expect(seen).toContain(entry);
  });

  it("stays consistent while another writer publishes concurrently", async () => {
    const before = (await readAllPages("limit=100", async () => {})).sort();
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing && i < 40; i++) await publish(team, `srv-concurrent-${String(i).padStart(2, "0")}`, "1.0.0");
    })();
    const seen = await readAllPages("limit=3", async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    writing = false;
    await writer;
    expect(new Set(seen).size).toBe(seen.length);
    for (const entry of before) expect(seen).toContain(entry);
  });

  it("pages version=latest one server at a time while new latest versions appear", async () => {
    const seen = await readAllPages("version=latest&limit=2", async (page) => {
      await publish(team, "srv-b", `9.${page}.0`);
      await publish(team, "srv-l", `9.${page}.0`);
    });
    const servers = seen.map((s) => s.split("@")[0]);
    expect(new Set(servers).size).toBe(servers.length);
    for (const name of ["b", "d", "f", "h", "j", "l"]) expect(servers).toContain(`${team.namespace}/srv-${name}`);
  });
});

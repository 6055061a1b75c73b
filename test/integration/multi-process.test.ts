import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { db } from "@/lib/db/client";
import { callApi } from "../support/call-api";
import { backends, useFreshDatabase } from "../support/database";
import { createTeam, type Team } from "../support/registry-fixtures";

const run = promisify(execFile);

// Production runs several processes on one PostgreSQL: nothing may depend on in-process state.
describe.each(backends)("several processes on one $name PostgreSQL", (backend) => {
  const url = useFreshDatabase(backend);
  let team: Team;
  beforeAll(async () => {
    team = await createTeam("io.github.multi");
  });

  it("publish concurrently into one server and agree on one latest version and one audit chain", async () => {
    const name = `${team.namespace}/shared`;
    const versionsOf = (worker: number) => Array.from({ length: 6 }, (_, i) => `${worker}.${i}.0`);
    await Promise.all(
      [1, 2, 3].map((worker) =>
        run(process.execPath, ["--import", "tsx", "test/support/publish-worker.ts", name, team.maintainerId, team.reviewerId, ...versionsOf(worker)], {
          env: { ...process.env, DATABASE_URL: url(), LOG_LEVEL: "warn" },
        }),
      ),
    );
    const published = await db().serverVersion.findMany({ where: { server: { name } } });
    expect(published).toHaveLength(18);
    expect(published.filter((v) => v.isLatest).map((v) => v.version)).toEqual(["3.5.0"]);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
    const latest = await callApi(`/v0.1/servers/${encodeURIComponent(name)}/versions/latest`);
    expect((latest.body as { server: { version: string } }).server.version).toBe("3.5.0");
  });
});

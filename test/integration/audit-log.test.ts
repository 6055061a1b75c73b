import { beforeAll, describe, expect, it } from "vitest";
import { callApi } from "../support/call-api";
import { sessionHeaders } from "../support/principals";
import { systemActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import { hashAuditEvent } from "@/lib/audit/event-hash";
import { type AuditEventPage, listAuditEvents } from "@/lib/audit/list-audit-events";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { db } from "@/lib/db/client";
import type { AuditEvent } from "@/lib/db/generated/client";
import { backends, useFreshDatabase } from "../support/database";
import { createTeam, publish, type Team } from "../support/registry-fixtures";
import { runSql } from "../support/run-sql";

const allEvents = () => db().auditEvent.findMany({ orderBy: { seq: "asc" } });

/** Every event a listing yields, page by page, checking each page's size on the way. */
async function readAllPages(query: Record<string, string>, between: () => Promise<unknown> = async () => {}): Promise<number[]> {
  const seqs: number[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const result: AuditEventPage = await listAuditEvents({ ...query, ...(cursor ? { cursor } : {}) });
    expect(result.events.length).toBeLessThanOrEqual(Number(query.limit ?? 50));
    seqs.push(...result.events.map((e) => e.seq));
    cursor = result.nextCursor;
    if (!cursor) return seqs;
    expect(result.events).toHaveLength(Number(query.limit ?? 50));
    await between();
  }
  throw new Error("pagination did not end");
}

const seqsOf = (events: AuditEvent[]) => events.map((e) => e.seq);

describe.each(backends)("audit log on $name PostgreSQL", (backend) => {
  // A superuser's URL: the domain code and the tampering below both use it.
  const url = useFreshDatabase(backend);
  let team: Team;
  let versionId: string;

  beforeAll(async () => {
    team = await createTeam("io.github.audit");
    versionId = (await publish(team, "logged", "1.0.0")).id;
    await publish(team, "logged", "1.1.0");
    await publish(team, "other", "1.0.0");
    // Actions whose names hold LIKE wildcards, to show a prefix is matched literally.
    for (const action of ["a_b.listed", "axb.listed", "a%b.listed"]) {
      await auditedTransaction((tx) => appendAuditEvent(tx, { actor: systemActor("audit-test"), action, subjectType: "test", subjectId: action }));
    }
    expect((await allEvents()).length).toBeGreaterThan(20);
  });

  describe("append-only table", () => {
    it("refuses UPDATE, DELETE and TRUNCATE on the app's own connection, even as a superuser", async () => {
      const before = await allEvents();
      await expect(db().auditEvent.update({ where: { seq: 2 }, data: { action: "forged" } })).rejects.toThrow(
        'The audit log is append-only: UPDATE on "AuditEvent" is not allowed',
      );
      await expect(db().auditEvent.deleteMany({ where: { seq: { gte: 3 } } })).rejects.toThrow(
        'The audit log is append-only: DELETE on "AuditEvent" is not allowed',
      );
      await expect(db().$executeRaw`TRUNCATE "AuditEvent"`).rejects.toThrow('The audit log is append-only: TRUNCATE on "AuditEvent" is not allowed');
      expect(await allEvents()).toEqual(before);
    });

    it("answers with SQLSTATE 42501 (insufficient privilege) and a hint", async () => {
      await expect(runSql(url(), 'DELETE FROM "AuditEvent" WHERE seq = 1')).rejects.toMatchObject({
        code: "42501",
        hint: "Audit events are never changed or removed. Record a correction as a new event.",
      });
    });

    it("still appends events", async () => {
      const before = (await allEvents()).length;
      await auditedTransaction((tx) => appendAuditEvent(tx, { actor: systemActor("audit-test"), action: "test.appended", subjectType: "test", subjectId: "appended" }));
      expect((await allEvents()).length).toBe(before + 1);
      expect(await verifyAuditChain()).toEqual({ ok: true, events: before + 1 });
    });
  });

  describe("chain verification after tampering with the triggers switched off", () => {
    /**
     * Runs `tamper` as a superuser who switched the triggers off for the session, as anyone
     * with that power could, runs `check`, then puts every row back as it was.
     */
    async function whileTampered(tamper: string, check: () => Promise<void>): Promise<void> {
      const events = (await allEvents()).length;
      await runSql(url(), `SET session_replication_role = replica; CREATE TABLE audit_untampered AS TABLE "AuditEvent"; ${tamper}`);
      try {
        await check();
      } finally {
        await runSql(
          url(),
          'SET session_replication_role = replica; DELETE FROM "AuditEvent"; INSERT INTO "AuditEvent" SELECT * FROM audit_untampered; DROP TABLE audit_untampered',
        );
      }
      expect(await verifyAuditChain()).toEqual({ ok: true, events });
    }

    it("verifies an untouched chain, in batches as in one go", async () => {
      const events = (await allEvents()).length;
      expect(await verifyAuditChain()).toEqual({ ok: true, events });
      expect(await verifyAuditChain(3)).toEqual({ ok: true, events });
    });

    /** What an admin reads from GET /api/v1/audit/verify, the endpoint the issue names. */
    const verifyEndpoint = async () => (await callApi("/api/v1/audit/verify", "GET", { headers: await sessionHeaders(team.adminId) })).body;

    it("names an event whose data was edited", async () => {
      await whileTampered(`UPDATE "AuditEvent" SET data = '{"forged":true}' WHERE seq = 7`, async () => {
        // A batch boundary right before the edited event must not hide it.
        for (const batchSize of [1000, 6]) {
          expect(await verifyAuditChain(batchSize)).toEqual({
            ok: false,
            events: 6,
            brokenAt: 7,
            problem: "altered",
            reason: "Event 7 was changed after it was written: its hash does not match its contents.",
          });
        }
        expect(await verifyEndpoint()).toMatchObject({ ok: false, brokenAt: 7, problem: "altered" });
      });
    });

    it("names the event after an edited one whose hash was recomputed to match", async () => {
      const victim = await db().auditEvent.findUniqueOrThrow({ where: { seq: 9 } });
      const forgedHash = hashAuditEvent({ ...victim, data: { forged: true } });
      await whileTampered(`UPDATE "AuditEvent" SET data = '{"forged":true}', hash = '${forgedHash}' WHERE seq = 9`, async () => {
        expect(await verifyAuditChain()).toMatchObject({ ok: false, events: 9, brokenAt: 10, problem: "broken-link", reason: expect.stringContaining("Event 10 does not follow event 9") });
      });
    });

    it("names a deleted event in the middle of the log", async () => {
      await whileTampered(`DELETE FROM "AuditEvent" WHERE seq = 12`, async () => {
        expect(await verifyAuditChain()).toEqual({
          ok: false,
          events: 11,
          brokenAt: 12,
          problem: "missing",
          reason: "Event 12 is missing: the next event in the log is 13.",
        });
        expect(await verifyEndpoint()).toMatchObject({ ok: false, brokenAt: 12, problem: "missing" });
      });
    });

    it("names a deleted first event", async () => {
      await whileTampered(`DELETE FROM "AuditEvent" WHERE seq = 1`, async () => {
        expect(await verifyAuditChain()).toMatchObject({ ok: false, events: 0, brokenAt: 1, problem: "missing" });
      });
    });

    it("names the first of two events whose sequence numbers were swapped", async () => {
      await whileTampered(
        `UPDATE "AuditEvent" SET seq = -1 WHERE seq = 5; UPDATE "AuditEvent" SET seq = 5 WHERE seq = 6; UPDATE "AuditEvent" SET seq = 6 WHERE seq = -1`,
        async () => {
          expect(await verifyAuditChain()).toEqual({
            ok: false,
            events: 4,
            brokenAt: 5,
            problem: "broken-link",
            reason: "Event 5 does not follow event 4: its prevHash is not event 4's hash (events were reordered, or event 4 was rewritten with a new hash).",
          });
          expect(await verifyEndpoint()).toMatchObject({ ok: false, brokenAt: 5, problem: "broken-link" });
        },
      );
    });

    it("names the first of two events whose contents were swapped", async () => {
      const columns = ["actorId", "actor", "action", "subjectType", "subjectId", "data", "createdAt", "prevHash"].map((c) => `"${c}" = other."${c}"`).join(", ");
      await whileTampered(
        // hash is unique: free both values before swapping them.
        `UPDATE "AuditEvent" SET hash = 'x' || hash WHERE seq IN (8, 14);
         UPDATE "AuditEvent" target SET ${columns}, hash = substr(other.hash, 2) FROM "AuditEvent" other WHERE (target.seq, other.seq) IN ((8, 14), (14, 8))`,
        async () => {
          expect(await verifyAuditChain()).toMatchObject({ ok: false, events: 7, brokenAt: 8, problem: "broken-link" });
        },
      );
    });
  });

  describe("listing", () => {
    it("pages through every event exactly once, newest first by default, and oldest first on request", async () => {
      const seqs = seqsOf(await allEvents());
      expect(await readAllPages({ limit: "7" })).toEqual([...seqs].reverse());
      expect(await readAllPages({ limit: "7", order: "oldest" })).toEqual(seqs);
      // The cursor keeps the order it was made in.
      const first = await listAuditEvents({ limit: "3", order: "oldest" });
      expect((await listAuditEvents({ cursor: first.nextCursor!, limit: "3" })).events.map((e) => e.seq)).toEqual(seqs.slice(3, 6));
    });

    it("never repeats or skips an event when events are appended between pages", async () => {
      const existing = seqsOf(await allEvents());
      const append = () => auditedTransaction((tx) => appendAuditEvent(tx, { actor: systemActor("audit-test"), action: "test.between-pages", subjectType: "test", subjectId: "between" }));
      expect(await readAllPages({ limit: "5" }, append)).toEqual([...existing].reverse());
      // Oldest first, the events appended meanwhile come last, and the last page reaches them all.
      const oldestFirst = await readAllPages({ limit: "5", order: "oldest" }, append);
      expect(oldestFirst.length).toBeGreaterThan(existing.length);
      expect(oldestFirst).toEqual(seqsOf(await allEvents()));
    });

    it("shows each event with its chain fields and ISO times, ready for JSON", async () => {
      const [newest] = (await listAuditEvents({ limit: "1" })).events;
      const row = await db().auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
      expect(newest).toEqual({ ...row, createdAt: row.createdAt.toISOString() });
      expect(JSON.parse(JSON.stringify(newest))).toEqual(newest);
    });

    it("filters by an exact action, or by every action under a prefix ending in a dot", async () => {
      const events = await allEvents();
      const versionEvents = seqsOf(events.filter((e) => e.action.startsWith("version.")));
      expect(versionEvents.length).toBeGreaterThan(4);
      expect(await readAllPages({ action: "version.", limit: "2", order: "oldest" })).toEqual(versionEvents);
      expect(await readAllPages({ action: "version.published", order: "oldest" })).toEqual(seqsOf(events.filter((e) => e.action === "version.published")));
      expect(await readAllPages({ action: "version" })).toEqual([]);
      // LIKE wildcards in a prefix are plain characters.
      expect((await listAuditEvents({ action: "a_b." })).events.map((e) => e.action)).toEqual(["a_b.listed"]);
      expect((await listAuditEvents({ action: "a%b." })).events.map((e) => e.action)).toEqual(["a%b.listed"]);
      expect((await listAuditEvents({ action: "%." })).events).toEqual([]);
    });

    it("filters by actor and by subject", async () => {
      const events = await allEvents();
      const byMaintainer = seqsOf(events.filter((e) => e.actor === `user:${team.maintainerId}`));
      expect(byMaintainer.length).toBeGreaterThan(0);
      expect(await readAllPages({ actor: `user:${team.maintainerId}`, order: "oldest" })).toEqual(byMaintainer);

      const aboutVersion = seqsOf(events.filter((e) => e.subjectType === "server_version" && e.subjectId === versionId));
      expect(aboutVersion.length).toBeGreaterThan(2);
      expect(await readAllPages({ subject_type: "server_version", subject_id: versionId, order: "oldest" })).toEqual(aboutVersion);
      expect(await readAllPages({ subject_type: "user", order: "oldest" })).toEqual(seqsOf(events.filter((e) => e.subjectType === "user")));
      expect(await readAllPages({ subject_type: "user", subject_id: versionId })).toEqual([]);
    });

    it("filters by time, since inclusive and until exclusive, combined with other filters", async () => {
      const events = await allEvents();
      const since = events[4]!.createdAt;
      const until = events[15]!.createdAt;
      expect(await readAllPages({ since: since.toISOString(), until: until.toISOString(), order: "oldest", limit: "4" })).toEqual(seqsOf(events.slice(4, 15)));
      // Any offset, and RFC 3339's lower-case letters.
      const sinceInParis = new Date(since.getTime() + 3_600_000).toISOString().replace("Z", "+01:00").replace("T", "t");
      expect(await readAllPages({ since: sinceInParis, order: "oldest" })).toEqual(seqsOf(events.slice(4)));
      const inWindow = events.slice(4, 15).filter((e) => e.action.startsWith("version."));
      expect(await readAllPages({ since: since.toISOString(), until: until.toISOString(), action: "version.", order: "oldest" })).toEqual(seqsOf(inWindow));
    });

    it("refuses bad parameters with a 400 naming each one", async () => {
      const cursor = (await listAuditEvents({ limit: "1" })).nextCursor!;
      const cases: [Record<string, string | string[]>, string][] = [
        [{ limit: "0" }, "limit"],
        [{ limit: "201" }, "limit"],
        [{ limit: "ten" }, "limit"],
        [{ order: "sideways" }, "order"],
        [{ since: "yesterday" }, "since"],
        [{ until: "2026-11-22" }, "until"],
        [{ since: "2026-11-22T10:00:00Z", until: "2026-11-22T10:00:00Z" }, "until"],
        [{ subject_id: versionId }, "subject_id"],
        [{ actor: "user:\u0000" }, "actor"],
        [{ action: ["version.", "scan."] }, "action"],
        [{ cursor: "not-a-cursor" }, "cursor"],
        [{ cursor: Buffer.from(JSON.stringify({ s: 0, o: "newest" })).toString("base64url") }, "cursor"],
        [{ cursor, order: "oldest" }, "order"],
      ];
      for (const [query, location] of cases) {
        await expect(listAuditEvents(query), JSON.stringify(query)).rejects.toMatchObject({ status: 400, errors: [expect.objectContaining({ location })] });
      }
    });
  });
});

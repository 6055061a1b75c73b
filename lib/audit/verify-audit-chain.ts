import { GENESIS_HASH, hashAuditEvent } from "@/lib/audit/event-hash";
import { db } from "@/lib/db/client";

/**
 * What is wrong at the first break: an event is `missing` (a gap in the sequence), its link to
 * the event before it is broken (its prevHash is another hash: rows were reordered, or the
 * event before was rewritten together with its hash), or it was `altered` (its hash no longer
 * matches its contents).
 */
export type ChainBreak = "missing" | "broken-link" | "altered";

export type ChainCheck =
  | { ok: true; events: number }
  | { ok: false; events: number; brokenAt: number; problem: ChainBreak; reason: string };

/**
 * Recomputes every event's hash and link in sequence order, a batch at a time, and names the
 * first event that does not fit. `events` counts the events verified before the break.
 * Removing events from the end of the log leaves no trace here: that needs a copy of the last
 * hash kept elsewhere.
 */
export async function verifyAuditChain(batchSize = 1000): Promise<ChainCheck> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    const batch = await db().auditEvent.findMany({ where: { seq: { gte: expectedSeq } }, orderBy: { seq: "asc" }, take: batchSize });
    for (const event of batch) {
      const broken = (brokenAt: number, problem: ChainBreak, reason: string): ChainCheck => ({ ok: false, events: expectedSeq - 1, brokenAt, problem, reason });
      if (event.seq !== expectedSeq) {
        return broken(expectedSeq, "missing", `Event ${expectedSeq} is missing: the next event in the log is ${event.seq}.`);
      }
      if (event.prevHash !== prevHash) {
        return broken(
          event.seq,
          "broken-link",
          event.seq === 1
            ? "Event 1 does not start the chain: its prevHash is not the genesis hash."
            : `Event ${event.seq} does not follow event ${event.seq - 1}: its prevHash is not event ${event.seq - 1}'s hash (events were reordered, or event ${event.seq - 1} was rewritten with a new hash).`,
        );
      }
      if (hashAuditEvent(event) !== event.hash) {
        return broken(event.seq, "altered", `Event ${event.seq} was changed after it was written: its hash does not match its contents.`);
      }
      prevHash = event.hash;
      expectedSeq++;
    }
    if (batch.length < batchSize) return { ok: true, events: expectedSeq - 1 };
  }
}

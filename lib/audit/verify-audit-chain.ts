import { GENESIS_HASH, hashAuditEvent } from "@/lib/audit/event-hash";
import { db } from "@/lib/db/client";

export type ChainCheck = { ok: true; events: number } | { ok: false; events: number; brokenAt: number; reason: string };

/** Recomputes every event's hash and link in order; names the first event that does not fit. */
export async function verifyAuditChain(batchSize = 1000): Promise<ChainCheck> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    const batch = await db().auditEvent.findMany({ where: { seq: { gte: expectedSeq } }, orderBy: { seq: "asc" }, take: batchSize });
    for (const event of batch) {
      const fail = (reason: string): ChainCheck => ({ ok: false, events: expectedSeq - 1, brokenAt: event.seq, reason });
      if (event.seq !== expectedSeq) return fail(`sequence jumps from ${expectedSeq - 1} to ${event.seq}`);
      if (event.prevHash !== prevHash) return fail("prevHash does not match the previous event's hash");
      if (hashAuditEvent(event) !== event.hash) return fail("hash does not match the event's contents");
      prevHash = event.hash;
      expectedSeq++;
    }
    if (batch.length < batchSize) return { ok: true, events: expectedSeq - 1 };
  }
}

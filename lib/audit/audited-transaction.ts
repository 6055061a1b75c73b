import { db, type Tx } from "@/lib/db/client";

// Any constant shared by every writer.
const AUDIT_CHAIN_LOCK = 0x5191_1a0d;

/** Takes the audit chain's lock for the rest of the transaction (re-entrant within it). */
export async function lockAuditChain(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
}

/**
 * The one way Sigil changes state. The hash chain orders every change anyway, so the
 * transaction takes the chain's lock before any row lock: writers queue in one order and
 * cannot deadlock, across any number of processes.
 */
export function auditedTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(
    async (tx) => {
      await lockAuditChain(tx);
      return work(tx);
    },
    // Waiting in the queue counts against the transaction's time; allow for a busy moment.
    { maxWait: 10_000, timeout: 30_000 },
  );
}

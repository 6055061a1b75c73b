import { db, type Tx } from "@/lib/db/client";

// Any constant shared by every writer.
const AUDIT_CHAIN_LOCK = 0x5191_1a0d;

/** Takes the audit chain's lock for the rest of the transaction (re-entrant within it). */
export async function lockAuditChain(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
}

const clocks = new WeakMap<Tx, Date>();

/**
 * The time of an audited transaction, from the database's clock (not the app server's, which
 * may differ between hosts), at millisecond precision and strictly after the previous audit
 * event, so that `updated_since` readers never miss a later change with an earlier time.
 */
export function transactionTime(tx: Tx): Date {
  const time = clocks.get(tx);
  if (!time) throw new Error("transactionTime() is only available inside auditedTransaction()");
  return time;
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
      // timestamptz throughout; the table's columns hold UTC without a zone.
      const [clock] = await tx.$queryRaw<{ now: Date }[]>`
        SELECT GREATEST(
          date_trunc('milliseconds', clock_timestamp()),
          (SELECT ("createdAt" AT TIME ZONE 'UTC') + interval '1 millisecond' FROM "AuditEvent" ORDER BY seq DESC LIMIT 1)
        ) AS now`;
      clocks.set(tx, clock!.now);
      return work(tx);
    },
    // Waiting in the queue counts against the transaction's time; allow for a busy moment.
    { maxWait: 10_000, timeout: 30_000 },
  );
}

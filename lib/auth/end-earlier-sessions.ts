import { transactionTime } from "@/lib/audit/audited-transaction";
import type { Tx } from "@/lib/db/client";

/**
 * Refuses from now on every session the user signed earlier (inside an audited transaction).
 * Session times are whole seconds: the cut-off is the start of this second, so that signing in
 * again at once works (a session from this very second survives).
 */
export async function endEarlierSessions(tx: Tx, userId: string): Promise<void> {
  const now = transactionTime(tx);
  await tx.user.update({ where: { id: userId }, data: { sessionsValidAfter: new Date(Math.floor(now.getTime() / 1000) * 1000) } });
}

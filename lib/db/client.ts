import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/db/generated/client";

/** The client inside a transaction (see auditedTransaction). */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const holder = globalThis as unknown as { sigilDb?: { url: string; client: PrismaClient } };

/**
 * The process's Prisma client for DATABASE_URL, created on first use (not at import, so that
 * `next build` never needs a database). A changed DATABASE_URL gets a new client.
 */
export function db(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set; start Sigil with `npm start`, which provides it.");
  if (holder.sigilDb?.url !== url) {
    void holder.sigilDb?.client.$disconnect();
    holder.sigilDb = { url, client: new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) }) };
  }
  return holder.sigilDb.client;
}

export async function disconnectDb(): Promise<void> {
  await holder.sigilDb?.client.$disconnect();
  holder.sigilDb = undefined;
}

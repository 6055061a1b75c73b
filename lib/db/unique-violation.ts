import { Prisma } from "@/lib/db/generated/client";

/** A unique constraint refused a row: someone else created the same thing concurrently. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

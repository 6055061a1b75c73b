import bcrypt from "bcryptjs";
import { z } from "zod";

// bcrypt's cost 12: about a quarter of a second per guess on this kind of machine.
const COST = 12;

// bcrypt reads only the first 72 bytes: a longer password would be silently cut.
export const passwordRule = z
  .string()
  .min(12, "must be at least 12 characters")
  .refine((password) => Buffer.byteLength(password) <= 72, "must be at most 72 bytes (bcrypt ignores the rest)");

export const hashPassword = (password: string) => bcrypt.hash(password, COST);

// Compared against when the account does not exist, so that a wrong email costs as long as a wrong password.
const NO_SUCH_ACCOUNT = bcrypt.hashSync("no such account", COST);

/** Whether `password` matches `hash`; takes the same time when there is no hash. */
export async function checkPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  const matches = await bcrypt.compare(password, hash ?? NO_SUCH_ACCOUNT);
  return matches && Boolean(hash);
}

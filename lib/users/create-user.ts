import { z } from "zod";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import type { Actor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { Role } from "@/lib/db/generated/enums";
import { hashPassword, passwordRule } from "@/lib/auth/password";
import { conflict } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";

const newUser = z.object({
  email: z
    .email()
    .transform((email) => email.toLowerCase())
    .optional(),
  name: z.string().min(1).max(200).optional(),
  githubLogin: z.string().regex(/^[A-Za-z0-9-]{1,39}$/, "must be a GitHub login").optional(),
  githubId: z.string().regex(/^\d{1,20}$/, "must be a GitHub account id").optional(),
  roles: z.array(z.enum(Role)).default([Role.MAINTAINER]),
  /** For the email-and-password sign-in of self-hosted installs. */
  password: passwordRule.optional(),
});

export type NewUser = z.input<typeof newUser>;

/** Creates a user; `input` is validated here, so an API body can be passed as it came. */
export async function createUser(input: NewUser, actor: Actor) {
  const { password, ...user } = parseInput(newUser, input, "user");
  const passwordHash = password === undefined ? undefined : await hashPassword(password);
  return auditedTransaction(async (tx) => {
    const clash = await tx.user.findFirst({
      where: { OR: [user.email ? { email: user.email } : {}, user.githubLogin ? { githubLogin: user.githubLogin } : {}].filter((c) => Object.keys(c).length) },
    });
    if (clash) throw conflict("A user with this email or GitHub login already exists.");
    const created = await tx.user.create({ data: { ...user, passwordHash } });
    await appendAuditEvent(tx, {
      actor,
      action: "user.created",
      subjectType: "user",
      subjectId: created.id,
      data: { roles: created.roles, githubLogin: created.githubLogin, email: created.email },
    });
    return created;
  });
}

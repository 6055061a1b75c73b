import { z } from "zod";
import { auditedTransaction } from "@/lib/audit/audited-transaction";
import type { Actor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { Role } from "@/lib/db/generated/enums";
import { conflict } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";

const newUser = z.object({
  email: z.email().optional(),
  name: z.string().min(1).max(200).optional(),
  githubLogin: z.string().regex(/^[A-Za-z0-9-]{1,39}$/, "must be a GitHub login").optional(),
  roles: z.array(z.enum(Role)).default([Role.MAINTAINER]),
});

export async function createUser(input: z.input<typeof newUser>, actor: Actor) {
  const user = parseInput(newUser, input, "user");
  return auditedTransaction(async (tx) => {
    const clash = await tx.user.findFirst({
      where: { OR: [user.email ? { email: user.email } : {}, user.githubLogin ? { githubLogin: user.githubLogin } : {}].filter((c) => Object.keys(c).length) },
    });
    if (clash) throw conflict("A user with this email or GitHub login already exists.");
    const created = await tx.user.create({ data: user });
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

import { z } from "zod";
import { db } from "@/lib/db/client";
import type { AuditEvent, Prisma } from "@/lib/db/generated/client";
import { badRequest } from "@/lib/errors";
import { isPlainText } from "@/lib/validation/storable-text";
import { parseInput } from "@/lib/validation/parse-input";

/** One audit event as the API and the UI show it: the row, with its time as ISO text. */
export type AuditEventJson = Omit<AuditEvent, "createdAt"> & { createdAt: string };

export interface AuditEventPage {
  events: AuditEventJson[];
  /** Present when there are more events: pass it as `cursor`, with the same filters. */
  nextCursor?: string;
}

type Order = "newest" | "oldest";

const text = (max: number) =>
  z.string().min(1, "must not be empty").max(max, `must be at most ${max} characters`).refine(isPlainText, "must not contain control characters");

const dateTime = z
  .string()
  // RFC 3339 allows a lower-case "t" and "z".
  .transform((v) => v.toUpperCase())
  .pipe(z.iso.datetime({ offset: true, message: "must be an RFC 3339 date-time such as 2026-11-22T13:15:04.280Z" }))
  .transform((v) => new Date(v));

const auditQuery = z
  .object({
    cursor: text(1024).optional(),
    limit: z
      .string()
      .regex(/^\d+$/, "must be an integer between 1 and 200")
      .transform(Number)
      .pipe(z.number().int().min(1, "must be at least 1").max(200, "must be at most 200"))
      .default(50),
    order: z.enum(["newest", "oldest"], { message: 'must be "newest" or "oldest"' }).optional(),
    action: text(255).optional(),
    actor: text(255).optional(),
    subject_type: text(255).optional(),
    subject_id: text(255).optional(),
    since: dateTime.optional(),
    until: dateTime.optional(),
  })
  .superRefine((q, ctx) => {
    // Subject ids are only unique within their type.
    if (q.subject_id !== undefined && q.subject_type === undefined) {
      ctx.addIssue({ code: "custom", path: ["subject_id"], message: "needs subject_type too" });
    }
    if (q.since && q.until && q.until <= q.since) {
      ctx.addIssue({ code: "custom", path: ["until"], message: "must be after since" });
    }
  });

// The order travels in the cursor, so a page can never continue in the other direction.
const cursorShape = z.object({ s: z.number().int().positive(), o: z.enum(["newest", "oldest"]) });

function encodeAuditCursor(seq: number, order: Order): string {
  return Buffer.from(JSON.stringify({ s: seq, o: order })).toString("base64url");
}

function decodeAuditCursor(value: string): { seq: number; order: Order } {
  try {
    const parsed = cursorShape.parse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return { seq: parsed.s, order: parsed.o };
  } catch {
    throw badRequest("The cursor is not one this audit log issued; use nextCursor from the previous page.", [
      { location: "cursor", message: "is not a valid cursor" },
    ]);
  }
}

/** Prisma's `startsWith` becomes LIKE 'prefix%' without escaping; a prefix is matched literally. */
const likeLiteral = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

function toJson(event: AuditEvent): AuditEventJson {
  return {
    seq: event.seq,
    actor: event.actor,
    actorId: event.actorId,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    data: event.data,
    createdAt: event.createdAt.toISOString(),
    prevHash: event.prevHash,
    hash: event.hash,
  };
}

/**
 * A page of the audit log, newest first unless `order=oldest`, from URL query parameters:
 * `cursor`, `limit` (1 to 200, default 50), `action` (exact, or every action under a prefix
 * ending in a dot, such as `version.`), `actor` (a label such as `user:<id>`), `subject_type`
 * and `subject_id`, `since` (inclusive) and `until` (exclusive), both RFC 3339 date-times.
 * Pagination is keyset pagination on the sequence number, so events appended between pages
 * never shift a page. A bad parameter is a 400 that names it.
 */
export async function listAuditEvents(query: Readonly<Record<string, string | string[] | undefined>>): Promise<AuditEventPage> {
  const q = parseInput(auditQuery, query, "query parameters", badRequest);
  const after = q.cursor ? decodeAuditCursor(q.cursor) : undefined;
  if (after && q.order && after.order !== q.order) {
    throw badRequest(`The cursor continues a listing ordered ${after.order} first; leave out order or use order=${after.order}.`, [
      { location: "order", message: `does not match the cursor's order (${after.order})` },
    ]);
  }
  const order: Order = after?.order ?? q.order ?? "newest";
  const where: Prisma.AuditEventWhereInput = {
    AND: [
      q.action === undefined ? {} : q.action.endsWith(".") ? { action: { startsWith: likeLiteral(q.action) } } : { action: q.action },
      q.actor === undefined ? {} : { actor: q.actor },
      q.subject_type === undefined ? {} : { subjectType: q.subject_type },
      q.subject_id === undefined ? {} : { subjectId: q.subject_id },
      q.since ? { createdAt: { gte: q.since } } : {},
      q.until ? { createdAt: { lt: q.until } } : {},
      !after ? {} : order === "newest" ? { seq: { lt: after.seq } } : { seq: { gt: after.seq } },
    ],
  };
  const rows = await db().auditEvent.findMany({ where, orderBy: { seq: order === "newest" ? "desc" : "asc" }, take: q.limit + 1 });
  const events = rows.slice(0, q.limit);
  const last = events.at(-1);
  return {
    events: events.map(toJson),
    ...(rows.length > q.limit && last ? { nextCursor: encodeAuditCursor(last.seq, order) } : {}),
  };
}

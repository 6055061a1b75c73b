import { z } from "zod";
import { userActor } from "@/lib/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { auditedTransaction, transactionTime } from "@/lib/audit/audited-transaction";
import { readConfig } from "@/lib/config";
import { db, type Tx } from "@/lib/db/client";
import { NamespaceProof, type Prisma, Role, type UpstreamImport } from "@/lib/db/generated/client";
import { type FieldError, forbidden, notFound, SigilError } from "@/lib/errors";
import { fetchServerPage, normaliseUpstreamUrl, OFFICIAL_META_KEY, type RequestLimits, type UpstreamEntry, upstreamFailed } from "@/lib/import/upstream-client";
import { log } from "@/lib/log";
import { namespaceName } from "@/lib/namespaces/grant-namespace";
import { parseInput } from "@/lib/validation/parse-input";
import { parseServerJson, type ServerJson } from "@/lib/validation/server-json";
import { isPlainText, toStorableJson } from "@/lib/validation/storable-text";
import { namespaceOf, recordSubmission, type SubmissionPolicy } from "@/lib/versions/submit-version";

/** How much one run may read. A run that reaches a cap stops there, and the next run continues at its cursor. */
export interface ImportLimits extends RequestLimits {
  /** Entries asked for per page (the official API allows up to 100). */
  pageSize: number;
  maxPages: number;
  /** Upstream entries read per run (imported, skipped and invalid together). */
  maxServers: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  pageSize: 100,
  maxPages: 50,
  maxServers: 5_000,
  timeoutMs: 30_000,
  maxResponseBytes: 10 * 1024 * 1024,
};

/**
 * How far before a sync's start the next sync asks from. `updated_since` is compared with the
 * upstream's clock, and the upstream changes while a run reads it: asking from a little
 * before the start misses nothing, and what is read twice is skipped as already present.
 */
export const CLOCK_MARGIN_MS = 5 * 60_000;

// Recorded in the run's details; beyond these the rest are counted, not listed.
const MAX_INVALID_LISTED = 100;
const MAX_ERRORS_LISTED = 20;

export interface InvalidDocument {
  /** The document's name and version, when it has them as text. */
  name?: string;
  version?: string;
  errors: FieldError[];
}

/** What a run did beyond its three counts: stored in UpstreamImport.details. */
export interface ImportDetails {
  pages: number;
  /** Entries read from the upstream. */
  entries: number;
  /** Versions already in Sigil, in any state. */
  skippedExisting: number;
  /** Entries the upstream marks deleted (`updated_since` always lists them). */
  skippedDeleted: number;
  invalidDocuments: InvalidDocument[];
  /** Invalid documents counted but not listed. */
  invalidDocumentsOmitted: number;
}

export type ImportSummary = Omit<UpstreamImport, "details"> & { details: ImportDetails };

const importInput = z.object({
  upstreamUrl: z.string().min(1).optional(),
  adminId: z.string().min(1, "is required"),
  updatedSince: z
    .union([z.date(), z.iso.datetime({ offset: true, message: "must be an RFC 3339 date-time" }).transform((v) => new Date(v))])
    .optional(),
});

export type ImportInput = z.input<typeof importInput>;

/** Where this run starts: explicit, continuing a run that stopped at its caps, after the last sync, or from the beginning. */
function planRun(previous: UpstreamImport | null, updatedSince: Date | undefined, startedAt: Date) {
  const fresh = { cursor: null, nextUpdatedSince: new Date(startedAt.getTime() - CLOCK_MARGIN_MS) };
  if (updatedSince) return { updatedSince, ...fresh };
  if (previous?.nextCursor) return { updatedSince: previous.updatedSince, cursor: previous.nextCursor, nextUpdatedSince: previous.nextUpdatedSince };
  return { updatedSince: previous?.nextUpdatedSince ?? null, ...fresh };
}

async function requireAdmin(tx: Tx, adminId: string) {
  const admin = await tx.user.findUnique({ where: { id: adminId } });
  if (!admin || admin.disabledAt) throw notFound("The importing user does not exist.");
  if (!admin.roles.includes(Role.ADMIN)) throw forbidden("Only admins can import from an upstream registry.");
}

const textOrUndefined = (value: unknown) => (typeof value === "string" && isPlainText(value) ? value.slice(0, 255) : undefined);

const versionExists = async (server: ServerJson) =>
  (await db().serverVersion.count({ where: { serverName: server.name, version: server.version } })) > 0;

/** A server.json Sigil accepts from an upstream: valid, with a namespace Sigil can hold. */
function validateEntry(document: unknown): ServerJson | FieldError[] {
  try {
    const server = parseServerJson(document);
    const namespace = namespaceName.safeParse(namespaceOf(server.name));
    if (!namespace.success) return [{ location: "name", message: 'must start with a reverse-DNS namespace such as "io.github.alice"' }];
    return server;
  } catch (error) {
    if (error instanceof SigilError && error.status === 422) return error.errors;
    throw error;
  }
}

/**
 * An admin imports candidates from an upstream registry that answers the official read API
 * (default: SIGIL_UPSTREAM_REGISTRY, the official MCP Registry). Pages through
 * `GET /v0.1/servers` with `updated_since` (default: where the last successful run from this
 * upstream left off, so runs are incremental), following `nextCursor` within the caps.
 *
 * Each new (name, version) becomes a submission like a maintainer's (SUBMITTED, scan queued,
 * audited), submitted by the admin, so they cannot approve it. Namespaces are created without
 * owners: importing grants nobody ownership. Versions already present (any state) and entries
 * the upstream marks deleted are skipped; invalid documents are skipped and listed with their
 * field errors. The run is recorded in UpstreamImport (`import.started`, `import.finished`);
 * when the upstream fails, the run is recorded as failed and the error thrown.
 */
export async function importFromUpstream(input: ImportInput, limitOverrides: Partial<ImportLimits> = {}): Promise<ImportSummary> {
  const parsed = parseInput(importInput, input, "import");
  const upstreamUrl = normaliseUpstreamUrl(parsed.upstreamUrl ?? readConfig().SIGIL_UPSTREAM_REGISTRY);
  const limits = { ...DEFAULT_IMPORT_LIMITS, ...limitOverrides };
  const { adminId } = parsed;
  const actor = userActor(adminId);

  const run = await auditedTransaction(async (tx) => {
    await requireAdmin(tx, adminId);
    const startedAt = transactionTime(tx);
    const previous = await tx.upstreamImport.findFirst({
      where: { upstreamUrl, finishedAt: { not: null }, error: null },
      orderBy: { startedAt: "desc" },
    });
    const plan = planRun(previous, parsed.updatedSince, startedAt);
    const row = await tx.upstreamImport.create({ data: { upstreamUrl, startedById: adminId, startedAt, ...plan } });
    await appendAuditEvent(tx, {
      actor,
      action: "import.started",
      subjectType: "upstream_import",
      subjectId: row.id,
      data: { upstreamUrl, updatedSince: plan.updatedSince?.toISOString() ?? null, cursor: plan.cursor },
    });
    return row;
  });

  const policy: SubmissionPolicy = {
    roles: [Role.ADMIN],
    refusal: "Only admins can import from an upstream registry.",
    namespace: { kind: "unowned", proof: NamespaceProof.UPSTREAM_IMPORT, proofDetail: { upstream: upstreamUrl, importId: run.id } },
    auditData: { importedFrom: { importId: run.id, upstreamUrl } },
  };
  const counts = { imported: 0, skipped: 0, invalid: 0 };
  const details: ImportDetails = { pages: 0, entries: 0, skippedExisting: 0, skippedDeleted: 0, invalidDocuments: [], invalidDocumentsOmitted: 0 };

  async function importEntry(entry: UpstreamEntry) {
    details.entries++;
    if (entry._meta?.[OFFICIAL_META_KEY]?.status === "deleted") {
      counts.skipped++;
      details.skippedDeleted++;
      return;
    }
    const server = validateEntry(entry.server);
    if (Array.isArray(server)) {
      counts.invalid++;
      if (details.invalidDocuments.length >= MAX_INVALID_LISTED) details.invalidDocumentsOmitted++;
      else {
        const document = (entry.server ?? {}) as Record<string, unknown>;
        details.invalidDocuments.push({ name: textOrUndefined(document.name), version: textOrUndefined(document.version), errors: server.slice(0, MAX_ERRORS_LISTED) });
      }
      return;
    }
    // Skipped before the transaction, so a run that finds nothing new takes no write lock.
    for (let attempt = 1; ; attempt++) {
      if (await versionExists(server)) {
        counts.skipped++;
        details.skippedExisting++;
        return;
      }
      try {
        await recordSubmission({ document: entry.server, server, submitterId: adminId, actor, policy });
        counts.imported++;
        return;
      } catch (error) {
        // A 409 is a race: the version, or its namespace or server, was created meanwhile. Look again, once.
        if (!(error instanceof SigilError && error.status === 409) || attempt >= 2) throw error;
      }
    }
  }

  let cursor = run.cursor;
  let nextCursor: string | null = null;
  let failure: unknown;
  try {
    const cursorsSeen = new Set<string>(cursor ? [cursor] : []);
    for (;;) {
      if (details.pages >= limits.maxPages || details.entries >= limits.maxServers) {
        nextCursor = cursor;
        break;
      }
      const limit = Math.min(limits.pageSize, limits.maxServers - details.entries);
      const page = await fetchServerPage(upstreamUrl, { cursor, updatedSince: run.updatedSince, limit }, limits);
      details.pages++;
      for (const entry of page.servers) await importEntry(entry);
      const next = page.metadata?.nextCursor;
      if (!next) break;
      if (cursorsSeen.has(next)) throw upstreamFailed(`The upstream registry at ${upstreamUrl} answered a cursor it had already given; stopped rather than read in circles.`);
      cursorsSeen.add(next);
      cursor = next;
    }
  } catch (error) {
    failure = error;
  }

  let message: string | null = null;
  if (failure instanceof SigilError) message = failure.detail;
  else if (failure !== undefined) {
    log.error({ err: failure, importId: run.id, upstreamUrl }, "upstream import failed");
    message = "The import stopped on an internal error; the log has the details.";
  }
  const finished = await auditedTransaction(async (tx) => {
    const row = await tx.upstreamImport.update({
      where: { id: run.id },
      data: { ...counts, finishedAt: transactionTime(tx), nextCursor, error: message, details: toStorableJson(details) as unknown as Prisma.InputJsonObject },
    });
    await appendAuditEvent(tx, {
      actor,
      action: "import.finished",
      subjectType: "upstream_import",
      subjectId: run.id,
      data: { upstreamUrl, status: message ? "failed" : "succeeded", ...counts, pages: details.pages, nextCursor, ...(message ? { error: message } : {}) },
    });
    return row;
  });
  if (failure instanceof SigilError) {
    throw new SigilError(failure.status, failure.title, `${failure.detail} The run is recorded as failed (import ${run.id}).`, failure.errors);
  }
  if (failure !== undefined) throw failure;
  return { ...finished, details };
}

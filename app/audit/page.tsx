import type { Metadata } from "next";
import Link from "next/link";
import "@/app/admin/admin.css";
import { utcDateTime } from "@/app/admin/time-input";
import { formatTime } from "@/app/components/format";
import { TextField } from "@/app/components/form-field";
import { requirePageUser } from "@/lib/auth/page-access";
import { type AuditEventPage, listAuditEvents } from "@/lib/audit/list-audit-events";
import { Role } from "@/lib/db/generated/client";
import { SigilError } from "@/lib/errors";
import { findUserByEmailOrId } from "@/lib/users/find-user-by-email-or-id";
import { findUsersByIds } from "@/lib/users/find-users-by-ids";
import { VerifyChain } from "./verify-chain";
import { DataTable } from "../components/data-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = "50";

const FILTERS = [
  { name: "action", label: "Action", hint: "Exact (user.created), or every action under a prefix ending in a dot (namespace.)." },
  { name: "actor", label: "Actor", hint: "user:<id>, system:<name>, or a user's email." },
  { name: "subject_type", label: "Subject type", hint: "Such as user, api_token, namespace, server_version." },
  { name: "subject_id", label: "Subject id", hint: "Needs a subject type." },
  { name: "since", label: "Since (UTC)", hint: "From this time on, e.g. 2026-11-22T13:15:00Z; without a zone, UTC." },
  { name: "until", label: "Until (UTC)", hint: "Before this time." },
] as const;

type FilterName = (typeof FILTERS)[number]["name"];
type Filters = Partial<Record<FilterName, string>>;

/** An /audit URL with these filters (blank ones left out). */
function auditHref(filters: Filters & { cursor?: string }) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `/audit?${query}` : "/audit";
}

const USER_ACTOR = /^user:(.+)$/;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("/audit", [Role.ADMIN]);
  const raw = await searchParams;
  const param = (name: string) => {
    const value = raw[name];
    return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
  };
  const filters: Filters = Object.fromEntries(FILTERS.map(({ name }) => [name, param(name)]));
  const cursor = param("cursor");
  const filtered = Object.values(filters).some(Boolean);

  // The filters as listAuditEvents takes them: times made RFC 3339, an email made an actor label.
  const fieldErrors: Record<string, string> = {};
  const query: Record<string, string | undefined> = { ...filters, cursor, limit: PAGE_SIZE };
  if (filters.since) query.since = utcDateTime(filters.since);
  if (filters.until) query.until = utcDateTime(filters.until);
  if (filters.actor && filters.actor.includes("@") && !/^(user|system):/.test(filters.actor)) {
    const user = await findUserByEmailOrId(filters.actor);
    if (user) query.actor = `user:${user.id}`;
    else fieldErrors.actor = "no user has this email";
  }

  let page: AuditEventPage | undefined;
  let failure: string | undefined;
  if (Object.keys(fieldErrors).length) failure = "Check the filters.";
  else {
    try {
      page = await listAuditEvents(query);
    } catch (error) {
      if (!(error instanceof SigilError)) throw error;
      failure = error.detail;
      for (const e of error.errors) fieldErrors[e.location.split(/[.[]/)[0]!] = e.message;
    }
  }
  const events = page?.events ?? [];
  const users = await findUsersByIds(events.map((event) => event.actorId).filter((id): id is string => Boolean(id)));

  return (
    <div className="admin-page">
      <div className="page-head">
        <h1>Audit log</h1>
      </div>
      <p className="lede">Every state change, newest first. Each event carries the hash of the one before it, so a change to the record breaks the chain.</p>

      <VerifyChain />

      <section aria-labelledby="filters-title" className="admin-section">
        <h2 id="filters-title">Filter</h2>
        <form method="get" action="/audit" className="panel form" aria-labelledby="filters-title">
          {failure && (
            <p className="error-box" role="alert">
              {failure}
            </p>
          )}
          <div className="form-grid filters">
            {FILTERS.map((filter) => (
              <TextField
                key={filter.name}
                id={`filter-${filter.name}`}
                name={filter.name}
                label={filter.label}
                hint={filter.hint}
                error={fieldErrors[filter.name]}
                defaultValue={filters[filter.name] ?? ""}
                autoComplete="off"
                spellCheck={false}
                maxLength={255}
              />
            ))}
          </div>
          <div className="button-row">
            <button type="submit">Apply filters</button>
            {(filtered || cursor) && (
              <Link href="/audit" className="button-link">
                Clear
              </Link>
            )}
          </div>
        </form>
      </section>

      <section aria-labelledby="events-title" className="admin-section">
        <h2 id="events-title">Events</h2>
        <p role="status" className="result-count">
          {page
            ? `${events.length} event${events.length === 1 ? "" : "s"}${filtered ? " matching the filters" : ""}${cursor ? ", older than the previous page" : ""}, newest first${page.nextCursor ? "; older events on the next page" : ""}.`
            : "No events shown: the filters need fixing."}
        </p>
        {page && events.length === 0 ? (
          <p className="empty">{filtered ? "No event matches these filters." : "The log is empty."}</p>
        ) : events.length > 0 ? (
          <DataTable labelledBy="events-title" className="audit-table" columns={["Seq", "Time", "Actor", "Action", "Subject", "Data"]}>
                {events.map((event) => {
                  const user = event.actorId ? users.get(event.actorId) : undefined;
                  const userId = USER_ACTOR.exec(event.actor)?.[1];
                  return (
                    <tr key={event.seq}>
                      <td className="num">{event.seq}</td>
                      <td className="nowrap">
                        <time dateTime={event.createdAt}>{formatTime(event.createdAt)}</time>
                      </td>
                      <td className="wrap-text actor">
                        {user && <div>{user.email ?? user.githubLogin ?? user.name ?? userId}</div>}
                        <Link href={auditHref({ actor: event.actor })} className="small">
                          <code>{event.actor}</code>
                        </Link>
                      </td>
                      <td className="nowrap">
                        <Link href={auditHref({ action: event.action })}>
                          <code>{event.action}</code>
                        </Link>
                      </td>
                      <td className="wrap-text subject">
                        <Link href={auditHref({ subject_type: event.subjectType, subject_id: event.subjectId })}>
                          <code>
                            {event.subjectType} {event.subjectId}
                          </code>
                        </Link>
                      </td>
                      <td>
                        <pre className="json">
                          <code>{JSON.stringify(event.data, null, 2)}</code>
                        </pre>
                      </td>
                    </tr>
                  );
                })}
              </DataTable>
        ) : null}
        <nav aria-label="Audit log pages" className="pager">
          {cursor && <Link href={auditHref(filters)}>Newest events</Link>}
          {page?.nextCursor && (
            <Link href={auditHref({ ...filters, cursor: page.nextCursor })} rel="next">
              Older events
            </Link>
          )}
        </nav>
      </section>
    </div>
  );
}

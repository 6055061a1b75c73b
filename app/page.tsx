import Link from "next/link";
import { headers } from "next/headers";
import { listServerSummaries } from "@/lib/registry/server-summaries";
import { registryBaseUrl } from "@/lib/web/base-url";

export const dynamic = "force-dynamic";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

export default async function HomePage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const raw = (await searchParams).q;
  const query = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 200) ?? "";
  const baseUrl = registryBaseUrl(await headers());
  const { servers, more } = await listServerSummaries(query);

  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">MCP servers you can trust</h1>
        <p className="lede">
          Every version listed here went through Sigil&apos;s review: a scan report, and the approval of a reviewer other
          than its maintainer.
        </p>
        <div className="connect">
          <h2 className="connect-title">Use this registry</h2>
          <p>
            Point your MCP client at this base URL. It answers the official MCP Registry API, so clients that support
            subregistries append <code>/v0.1/servers</code> themselves.
          </p>
          <pre className="code" aria-label="Registry base URL">
            <code>{baseUrl}</code>
          </pre>
          <p className="hint">
            Try it: <code>curl {`${baseUrl}/v0.1/servers?version=latest`}</code>
          </p>
        </div>
      </section>

      <section aria-labelledby="servers-title">
        <div className="section-head">
          <h2 id="servers-title">Servers</h2>
          <form role="search" method="get" action="/" className="search">
            <label htmlFor="q" className="visually-hidden">
              Search servers by name or description
            </label>
            <input id="q" name="q" type="search" defaultValue={query} placeholder="Search by name or description" maxLength={200} />
            <button type="submit">Search</button>
          </form>
        </div>

        <p className="result-count" role="status">
          {query ? `${servers.length}${more ? "+" : ""} result${servers.length === 1 ? "" : "s"} for “${query}”` : `${servers.length}${more ? "+" : ""} published server${servers.length === 1 ? "" : "s"}`}
        </p>

        {servers.length === 0 ? (
          <div className="empty">
            {query ? (
              <p>No published server matches “{query}”.</p>
            ) : (
              <>
                <p>No server has been published yet.</p>
                <p>
                  Run <code>npm run demo</code> to start a registry with example servers.
                </p>
              </>
            )}
          </div>
        ) : (
          <ul className="server-list">
            {servers.map((s) => (
              <li key={s.name} className="server-card">
                <div className="server-card-head">
                  <h3>
                    <Link href={`/servers/${s.name}`}>{s.title ?? s.name}</Link>
                  </h3>
                  <span className="badge" title="Latest published version">
                    v{s.latestVersion}
                  </span>
                </div>
                <p className="server-name">
                  <code>{s.name}</code>
                </p>
                <p>{s.description}</p>
                <dl className="facts">
                  {s.packageIdentifier && (
                    <div>
                      <dt>npm</dt>
                      <dd>
                        <code>{s.packageIdentifier}</code>
                      </dd>
                    </div>
                  )}
                  <div>
                    <dt>Versions</dt>
                    <dd>{s.publishedVersions}</dd>
                  </div>
                  {s.publishedAt && (
                    <div>
                      <dt>Published</dt>
                      <dd>
                        <time dateTime={s.publishedAt.toISOString()}>{dateFormat.format(s.publishedAt)}</time>
                      </dd>
                    </div>
                  )}
                </dl>
              </li>
            ))}
          </ul>
        )}
        {more && <p className="hint">Showing the first {servers.length} servers; refine the search to see others.</p>}
      </section>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SigilError } from "@/lib/errors";
import { clientEntry, serverLaunchOf } from "@/lib/client/client-config";
import { headers } from "next/headers";
import { currentPageUser } from "@/lib/auth/page-user";
import { Role } from "@/lib/db/generated/client";
import { findServerDetail } from "@/lib/registry/find-server-detail";
import { versionApiPath } from "@/lib/registry/review-meta";
import { registryBaseUrl } from "@/lib/web/base-url";
import { displayName } from "@/lib/users/display-name";
import { PERMISSIONS_META_KEY, type Permissions } from "@/lib/validation/permissions";
import { formatTime } from "../../components/format";
import { StateBadge, VerdictBadge } from "../../components/state-badge";
import { PermissionList } from "./permission-list";
import { DataTable } from "../../components/data-table";
import { RevokeForm } from "./revoke-form";

export const dynamic = "force-dynamic";

type Params = Promise<{ name: string[] }>;

const serverNameOf = (segments: string[]) => segments.map(decodeURIComponent).join("/");

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: serverNameOf((await params).name) };
}

export default async function ServerPage({ params }: { params: Params }) {
  const name = serverNameOf((await params).name);
  const versions = await findServerDetail(name).catch((error: unknown) => {
    if (error instanceof SigilError && error.status === 404) notFound();
    throw error;
  });
  const latest = versions.find((v) => v.isLatest) ?? versions[0]!;
  const document = latest.serverJson as { title?: string; description?: string; repository?: { url?: string }; websiteUrl?: string; _meta?: Record<string, unknown> };
  const permissions = (document._meta?.[PERMISSIONS_META_KEY] ?? null) as Permissions | null;
  const launch = latest.state === "PUBLISHED" ? serverLaunchOf(latest.serverJson, permissions) : undefined;
  const config = launch && { mcpServers: { [launch.key]: clientEntry("claude", launch).entry } };
  const report = latest.scanReports[0];
  const [baseUrl, viewer] = [registryBaseUrl(await headers()), await currentPageUser()];
  const artifacts = `${baseUrl}${versionApiPath(name, latest.version)}`;
  const published = versions.filter((version) => version.state === "PUBLISHED").map((version) => version.version);
  const counts = (report?.summary as { bySeverity?: Record<string, number> } | undefined)?.bySeverity ?? {};

  return (
    <article aria-labelledby="server-title">
      <p className="hint">
        <Link href="/">Servers</Link> / <code>{name}</code>
      </p>
      <div className="page-head">
        <h1 id="server-title">{document.title ?? name}</h1>
        <StateBadge state={latest.state} />
      </div>
      <p className="lede">{document.description}</p>
      <dl className="facts">
        <div>
          <dt>Name</dt>
          <dd>
            <code>{name}</code>
          </dd>
        </div>
        <div>
          <dt>Latest</dt>
          <dd>
            <code>{latest.version}</code>
          </dd>
        </div>
        {latest.packageIdentifier && (
          <div>
            <dt>npm</dt>
            <dd>
              <code>{`${latest.packageIdentifier}@${latest.packageVersion}`}</code>
            </dd>
          </div>
        )}
        {latest.integrity && (
          <div>
            <dt>Pinned</dt>
            <dd>
              <code>{latest.integrity}</code>
            </dd>
          </div>
        )}
      </dl>

      <section aria-labelledby="install-title" className="report-section">
        <h2 id="install-title">Install</h2>
        {config ? (
          <>
            <p>Add this to your MCP client&apos;s configuration. It runs exactly the reviewed version; the variables are read from your environment, never written here.</p>
            <pre className="code" aria-label="Client configuration">
              <code>{JSON.stringify(config, null, 2)}</code>
            </pre>
          </>
        ) : (
          <p className="hint">{latest.state === "REVOKED" ? "This version was revoked: do not install it." : "This server has no npm package to run locally."}</p>
        )}
      </section>

      <section aria-labelledby="signature-title" className="report-section">
        <h2 id="signature-title">Signature</h2>
        {latest.attestation ? (
          <>
            <p>
              Version <code>{latest.version}</code> was signed {formatTime(latest.attestation.signedAt)}{" "}
              {latest.attestation.keyId ? (
                <>
                  with the registry key <code>{latest.attestation.keyId}</code>
                </>
              ) : (
                <>
                  keyless, as <code>{latest.attestation.identity}</code>
                </>
              )}
              : the statement binds this exact tarball to its scan report and its approvals. <a href={`${artifacts}/bundle`}>Sigstore bundle</a> · <a href={`${artifacts}/report`}>Scan report</a>
            </p>
            <p>
              Verify it yourself, offline against this registry&apos;s pinned keys, and install it into a client once it verifies, from a clone of Sigil (after{" "}
              <code>npm install</code>):
            </p>
            <pre className="code" aria-label="Verification commands">
              <code>{`npx sigil verify ${name}@${latest.version} --registry ${baseUrl}\nnpx sigil install ${name}@${latest.version} --client claude --registry ${baseUrl}`}</code>
            </pre>
          </>
        ) : (
          <p className="hint">This version was published before Sigil signed its publications.</p>
        )}
      </section>

      <section aria-labelledby="scan-title" className="report-section">
        <h2 id="scan-title">
          Scan and review <VerdictBadge verdict={report?.verdict ?? null} />
        </h2>
        {report && (
          <p>
            Scanned {formatTime(report.createdAt)} by {report.scannerVersion}:{" "}
            {["critical", "high", "medium", "low", "info"].map((severity) => `${counts[severity] ?? 0} ${severity}`).join(", ")}. Approved by {latest.reviews.map((r) => displayName(r.reviewer)).join(" and ") || "—"}.
          </p>
        )}
      </section>

      <section aria-labelledby="permissions-title" className="report-section">
        <h2 id="permissions-title">Declared permissions</h2>
        <PermissionList permissions={permissions} />
      </section>

      {viewer?.roles.includes(Role.ADMIN) && published.length > 0 && (
        <section aria-labelledby="revoke-title" className="report-section">
          <h2 id="revoke-title">Revoke</h2>
          <p>Revoked versions are listed as deleted, the verification endpoint refuses them at once, and the signed revocation list that offline clients check names them.</p>
          <RevokeForm serverName={name} versions={published} />
        </section>
      )}

      <section aria-labelledby="versions-title" className="report-section">
        <h2 id="versions-title">Versions</h2>
        <DataTable columns={["Version", "Status", "Scan", "Published"]}>
              {versions.map((version) => (
                <tr key={version.id}>
                  <td>
                    <code>{version.version}</code>
                    {version.isLatest && <span className="hint"> (latest)</span>}
                  </td>
                  <td>
                    <StateBadge state={version.state} />
                    {version.revocation && <div className="hint">{version.revocation.reason}</div>}
                  </td>
                  <td>
                    <VerdictBadge verdict={version.scanReports[0]?.verdict ?? null} />
                  </td>
                  <td>{formatTime(version.publishedAt)}</td>
                </tr>
              ))}
            </DataTable>
      </section>
    </article>
  );
}

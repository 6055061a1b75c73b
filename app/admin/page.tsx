import type { Metadata } from "next";
import "./admin.css";
import { formatTime } from "@/app/components/format";
import { PROOF_LABELS, ProofDetail } from "@/app/namespaces/proof";
import { requirePageUser } from "@/lib/auth/page-access";
import { readConfig } from "@/lib/config";
import { Role } from "@/lib/db/generated/client";
import { listUpstreamImports } from "@/lib/import/list-upstream-imports";
import { listNamespacesWithOwners } from "@/lib/namespaces/list-namespaces-with-owners";
import { findUsersByIds } from "@/lib/users/find-users-by-ids";
import { listUsers } from "@/lib/users/list-users";
import { CreateUserForm } from "./create-user-form";
import { GrantNamespaceForm } from "./grant-namespace-form";
import { ImportForm } from "./import-form";
import { RolesForm } from "./roles-form";
import { CompromiseKeyForm } from "./compromise-key-form";
import { PublishingForm } from "./publishing-form";
import { listSigningKeys } from "@/lib/signing/keys-document";
import { publishingFreeze } from "@/lib/versions/publishing-freeze";
import { DataTable } from "../components/data-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Administration" };

const whoIs = (user: { name: string | null; email: string | null; githubLogin: string | null; id: string }) => user.email ?? (user.githubLogin ? `@${user.githubLogin}` : null) ?? user.name ?? user.id;

function ImportStatus({ run }: { run: { finishedAt: Date | null; error: string | null; nextCursor: string | null } }) {
  if (!run.finishedAt) return <span className="badge status-muted">Running</span>;
  if (run.error) return <span className="badge status-bad">Failed</span>;
  return <span className="badge status-good">{run.nextCursor ? "Stopped at its limits" : "Succeeded"}</span>;
}

export default async function AdminPage() {
  await requirePageUser("/admin", [Role.ADMIN]);
  const [users, { namespaces, more }, imports, freeze, keys] = await Promise.all([listUsers(), listNamespacesWithOwners(), listUpstreamImports(10), publishingFreeze(), listSigningKeys()]);
  const starters = await findUsersByIds(imports.map((run) => run.startedById));
  const defaultUpstream = readConfig().SIGIL_UPSTREAM_REGISTRY;
  return (
    <div className="admin-page">
      <div className="page-head">
        <h1>Administration</h1>
      </div>
      <nav aria-label="On this page" className="page-toc">
        <ul>
          <li>
            <a href="#users-title">Users and roles</a>
          </li>
          <li>
            <a href="#namespaces-title">Namespaces</a>
          </li>
          <li>
            <a href="#import-title">Upstream import</a>
          </li>
          <li>
            <a href="#publishing-title">Publishing</a>
          </li>
          <li>
            <a href="#keys-title">Signing keys</a>
          </li>
          <li>
            <a href="/audit">Audit log</a>
          </li>
        </ul>
      </nav>

      <section aria-labelledby="users-title" className="admin-section">
        <h2 id="users-title">Users and roles</h2>
        <DataTable labelledBy="users-title" columns={["User", "GitHub login", "Roles", "Since"]}>
              {users.map((user) => (
                <tr key={user.id}>
                  <td className="wrap-text">
                    <div>{user.email ?? "—"}</div>
                    {user.name && <div className="muted">{user.name}</div>}
                    <div className="muted small">
                      id <code>{user.id}</code>
                    </div>
                    {user.disabled && <span className="badge status-bad">Disabled</span>}
                  </td>
                  <td>{user.githubLogin ? <code>{user.githubLogin}</code> : "—"}</td>
                  <td>
                    <RolesForm userId={user.id} who={whoIs(user)} roles={user.roles} />
                  </td>
                  <td className="nowrap">{formatTime(user.createdAt)}</td>
                </tr>
              ))}
            </DataTable>
        <h3 id="create-user-title">Create a user</h3>
        <p>For sign-in with an email and a password. Users of GitHub sign-in are created when they first sign in.</p>
        <CreateUserForm />
      </section>

      <section aria-labelledby="namespaces-title" className="admin-section">
        <h2 id="namespaces-title">Namespaces</h2>
        <h3 id="grant-title">Grant a namespace</h3>
        <p>Makes the user an owner of the namespace (a further owner when it has some), with your grant as its proof. Audited as namespace.granted.</p>
        <GrantNamespaceForm />
        <h3 id="all-namespaces-title">All namespaces</h3>
        {namespaces.length === 0 ? (
          <p className="empty">No namespaces yet.</p>
        ) : (
          <DataTable labelledBy="all-namespaces-title" columns={["Namespace", "Owners", "Proof", "What was checked", "Since"]}>
                {namespaces.map((namespace) => (
                  <tr key={namespace.id}>
                    <td className="nowrap">
                      <code>{namespace.name}</code>
                    </td>
                    <td className="wrap-text">
                      {namespace.owners.length === 0 ? (
                        <span className="muted">No owner</span>
                      ) : (
                        <ul className="plain-list">
                          {namespace.owners.map((owner) => (
                            <li key={owner.id}>{whoIs(owner)}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>{PROOF_LABELS[namespace.proof]}</td>
                    <td>
                      <ProofDetail detail={namespace.proofDetail} />
                    </td>
                    <td className="nowrap">{formatTime(namespace.verifiedAt)}</td>
                  </tr>
                ))}
              </DataTable>
        )}
        {more && <p className="field-hint">Only the first {namespaces.length} namespaces, by name, are listed.</p>}
      </section>

      <section aria-labelledby="import-title" className="admin-section">
        <h2 id="import-title">Upstream import</h2>
        <p>
          Imports new server versions from a registry that answers the official read API. They arrive as submissions by you, waiting for their scan and for someone else&apos;s review; nothing is published and nobody becomes an owner.
        </p>
        <ImportForm defaultUpstream={defaultUpstream} />
        <h3 id="runs-title">Last runs</h3>
        {imports.length === 0 ? (
          <p className="empty">No import has run yet.</p>
        ) : (
          <DataTable labelledBy="runs-title" columns={["Started", "Upstream", "Status", "Imported", "Skipped", "Invalid", "Updated since", "By", "Error"]}>
                {imports.map((run) => {
                  const starter = starters.get(run.startedById);
                  return (
                    <tr key={run.id}>
                      <td className="nowrap">{formatTime(run.startedAt)}</td>
                      <td>
                        <code>{run.upstreamUrl}</code>
                      </td>
                      <td>
                        <ImportStatus run={run} />
                      </td>
                      <td className="num">{run.imported}</td>
                      <td className="num">{run.skipped}</td>
                      <td className="num">{run.invalid}</td>
                      <td className="nowrap">{run.updatedSince ? formatTime(run.updatedSince) : "Everything"}</td>
                      <td className="wrap-text">{starter ? whoIs(starter) : run.startedById}</td>
                      <td className="wrap-text error-text">{run.error ?? ""}</td>
                    </tr>
                  );
                })}
              </DataTable>
        )}
      </section>

      <section aria-labelledby="publishing-title" className="admin-section">
        <h2 id="publishing-title">Publishing</h2>
        {freeze ? (
          <p role="status">
            <span className="badge status-bad">Frozen</span> since {formatTime(freeze.frozenAt)}: {freeze.reason}. Approved versions wait, unpublished, until the freeze is lifted.
          </p>
        ) : (
          <p>
            <span className="badge status-good">Publishing</span> Approved versions are signed and published at once. Freezing stops every publication (for example while a signing key is
            replaced); revoking a version is done on its server&apos;s page.
          </p>
        )}
        <PublishingForm frozen={Boolean(freeze)} />
      </section>

      <section aria-labelledby="keys-title" className="admin-section">
        <h2 id="keys-title">Signing keys</h2>
        <p>
          The keys clients trust, as <a href="/.well-known/sigil/keys.json">keys.json</a> publishes them. A key marked compromised stops being trusted from the time you give: what it signed
          after that fails verification, what it signed before keeps verifying.
        </p>
        {keys.length === 0 ? (
          <p className="empty">No key has signed yet (keyless signing).</p>
        ) : (
          <DataTable labelledBy="keys-title" columns={["Key id", "Valid from", "Valid until", "Status"]}>
            {keys.map((key) => (
              <tr key={key.id}>
                <td className="wrap-text">
                  <code>{key.keyId}</code>
                </td>
                <td className="nowrap">{formatTime(key.validFrom)}</td>
                <td className="nowrap">{key.validTo ? formatTime(key.validTo) : "—"}</td>
                <td className="wrap-text">
                  {key.compromisedReason ? (
                    <>
                      <span className="badge status-bad">Compromised</span> {key.compromisedReason}
                    </>
                  ) : key.validTo ? (
                    <span className="badge status-muted">Retired</span>
                  ) : (
                    <span className="badge status-good">Signing</span>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        {keys.length > 0 && (
          <>
            <h3 id="compromise-title">Mark a key compromised</h3>
            <CompromiseKeyForm keyIds={keys.map((key) => key.keyId)} />
          </>
        )}
      </section>
    </div>
  );
}

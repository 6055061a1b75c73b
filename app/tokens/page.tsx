import type { Metadata } from "next";
import "@/app/admin/admin.css";
import { formatTime } from "@/app/components/format";
import { listApiTokensOfUser } from "@/lib/auth/list-api-tokens-of-user";
import { requirePageUser } from "@/lib/auth/page-access";
import { TOKEN_SCOPE_LABELS, TOKEN_SCOPES, type TokenScope } from "@/lib/auth/token-scopes";
import { Role } from "@/lib/db/generated/client";
import { listNamespacesOfOwner } from "@/lib/namespaces/list-namespaces-of-owner";
import { IssueTokenForm } from "./issue-token-form";
import { RevokeToken } from "./revoke-token";
import { DataTable } from "../components/data-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API tokens" };

// Reviewing and rescanning are reviewers' work: other users are not offered those scopes.
const REVIEWER_SCOPES: readonly TokenScope[] = ["review", "rescan"];

export default async function TokensPage() {
  const user = await requirePageUser("/tokens");
  const [tokens, owned] = await Promise.all([listApiTokensOfUser(user.id), listNamespacesOfOwner(user.id)]);
  const reviewer = user.roles.includes(Role.REVIEWER) || user.roles.includes(Role.ADMIN);
  const scopes = TOKEN_SCOPES.filter((scope) => reviewer || !REVIEWER_SCOPES.includes(scope)).map((scope) => ({ value: scope, label: TOKEN_SCOPE_LABELS[scope] }));
  const now = Date.now();
  return (
    <div className="admin-page">
      <div className="page-head">
        <h1>API tokens</h1>
      </div>
      <p className="lede">Tokens let scripts and the MCP publisher CLI act for you, limited to the scopes and namespaces you choose, until they expire or you revoke them.</p>

      <section aria-labelledby="issue-title" className="admin-section">
        <h2 id="issue-title">Issue a token</h2>
        <IssueTokenForm scopes={scopes} ownedNamespaces={owned.map((namespace) => namespace.name)} reviewer={reviewer} />
      </section>

      <section aria-labelledby="tokens-title" className="admin-section">
        <h2 id="tokens-title">Your tokens</h2>
        {tokens.length === 0 ? (
          <p className="empty">You have no API tokens yet.</p>
        ) : (
          <DataTable labelledBy="tokens-title" columns={["Name", "Prefix", "Scopes", "Namespaces", "Created", "Expires", "Status", { label: "Actions", hidden: true }]}>
                {tokens.map((token) => {
                  const expired = new Date(token.expiresAt).getTime() <= now;
                  return (
                    <tr key={token.id}>
                      <td className="wrap-text">{token.name}</td>
                      <td className="nowrap">
                        <code>{token.prefix}…</code>
                      </td>
                      <td>
                        <ul className="plain-list">
                          {token.scopes.map((scope) => (
                            <li key={scope}>{scope}</li>
                          ))}
                        </ul>
                      </td>
                      <td className="nowrap">
                        <ul className="plain-list">
                          {token.namespaces.map((name) => (
                            <li key={name}>
                              <code>{name}</code>
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td className="nowrap">{formatTime(token.createdAt)}</td>
                      <td className="nowrap">{formatTime(token.expiresAt)}</td>
                      <td>
                        {token.revokedAt ? (
                          <span className="badge status-bad">Revoked {formatTime(token.revokedAt)}</span>
                        ) : expired ? (
                          <span className="badge status-muted">Expired</span>
                        ) : (
                          <span className="badge status-good">Active</span>
                        )}
                      </td>
                      <td>
                        <RevokeToken tokenId={token.id} name={token.name} prefix={token.prefix} revoked={Boolean(token.revokedAt)} />
                      </td>
                    </tr>
                  );
                })}
              </DataTable>
        )}
      </section>
    </div>
  );
}

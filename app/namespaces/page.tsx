import type { Metadata } from "next";
import "@/app/admin/admin.css";
import { formatTime } from "@/app/components/format";
import { requirePageUser } from "@/lib/auth/page-access";
import { Role } from "@/lib/db/generated/client";
import { listNamespacesOfOwner } from "@/lib/namespaces/list-namespaces-of-owner";
import { listOpenNamespaceClaims } from "@/lib/namespaces/list-open-namespace-claims";
import { OpenClaims } from "./open-claims";
import { PROOF_LABELS, ProofDetail } from "./proof";
import { StartClaimForm } from "./start-claim-form";
import { DataTable } from "../components/data-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your namespaces" };

export default async function NamespacesPage() {
  const user = await requirePageUser("/namespaces", [Role.MAINTAINER]);
  const [owned, claims] = await Promise.all([listNamespacesOfOwner(user.id), listOpenNamespaceClaims(user.id)]);
  return (
    <div className="admin-page">
      <div className="page-head">
        <h1>Your namespaces</h1>
      </div>
      <p className="lede">
        A server name starts with its namespace (<code>com.example</code> in <code>com.example/weather</code>). You can submit servers only in namespaces you own.
      </p>

      <section aria-labelledby="owned-title" className="admin-section">
        <h2 id="owned-title">Namespaces you own</h2>
        {owned.length === 0 ? (
          <p className="empty">You own no namespace yet. Claim one below, or ask an admin to grant one.</p>
        ) : (
          <DataTable labelledBy="owned-title" columns={["Namespace", "Proof", "What was checked", "Owner since", "Owners"]}>
                {owned.map((namespace) => (
                  <tr key={namespace.id}>
                    <td className="nowrap">
                      <code>{namespace.name}</code>
                    </td>
                    <td>{PROOF_LABELS[namespace.proof]}</td>
                    <td>
                      <ProofDetail detail={namespace.proofDetail} />
                    </td>
                    <td className="nowrap">{formatTime(namespace.grantedAt)}</td>
                    <td>{namespace.owners}</td>
                  </tr>
                ))}
              </DataTable>
        )}
      </section>

      <section aria-labelledby="claim-title" className="admin-section">
        <h2 id="claim-title">Claim a namespace</h2>
        <p>
          Prove a domain you control: Sigil gives you a token to publish in its DNS or on its web server, valid for 7 days. <code>io.github.&lt;login&gt;</code> namespaces come with GitHub sign-in instead.
        </p>
        <StartClaimForm />
      </section>

      <section aria-labelledby="open-title" className="admin-section">
        <h2 id="open-title">Open claims</h2>
        <OpenClaims claims={claims.map((claim) => ({ claimId: claim.claimId, namespace: claim.namespace, domain: claim.domain, method: claim.method, value: claim.value, where: claim.where, expiresAt: claim.expiresAt.toISOString() }))} />
      </section>
    </div>
  );
}

import type { NamespaceProof } from "@/lib/db/generated/enums";

/** How a namespace's ownership was proven, in words. */
export const PROOF_LABELS: Record<NamespaceProof, string> = {
  GITHUB_LOGIN: "GitHub login",
  GITHUB_ORG: "GitHub organisation",
  DNS_TXT: "DNS TXT record",
  HTTP_WELL_KNOWN: "HTTPS well-known file",
  ADMIN_GRANT: "Granted by an admin",
  UPSTREAM_IMPORT: "Imported, nobody proven",
};

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const asText = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** What was checked for a proof (the record, the URL, the granting admin, a note), as text. */
export function ProofDetail({ detail }: { detail: unknown }) {
  if (detail === null || detail === undefined) return null;
  if (typeof detail !== "object" || Array.isArray(detail)) return <code>{asText(detail)}</code>;
  const entries = Object.entries(detail as Record<string, Json>);
  if (!entries.length) return null;
  return (
    <dl className="proof-detail">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>
            <code>{asText(value)}</code>
          </dd>
        </div>
      ))}
    </dl>
  );
}

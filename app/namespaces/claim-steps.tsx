import { formatTime } from "@/app/components/format";

/** A claim's instructions as the pages pass them around (dates as ISO text). */
export interface ClaimView {
  claimId: string;
  namespace: string;
  domain: string;
  method: "dns" | "http";
  value: string;
  where: string;
  expiresAt: string;
}

/** What to publish, where, and until when: the exact text startNamespaceClaim returned. */
export function ClaimSteps({ claim, idPrefix }: { claim: ClaimView; idPrefix: string }) {
  return (
    <dl className="claim-steps">
      <div>
        <dt>Publish exactly</dt>
        <dd>
          <code className="copyable" id={`${idPrefix}-value`}>
            {claim.value}
          </code>
        </dd>
      </div>
      <div>
        <dt>Where</dt>
        <dd>
          {claim.method === "dns" ? (
            <>
              As {claim.where} itself (not on a <code>_prefix.{claim.domain}</code> name). As a zone-file line:{" "}
              <code className="copyable">{`${claim.domain}. 300 IN TXT "${claim.value}"`}</code>
            </>
          ) : (
            <>
              As a line of {claim.where} (at most 4 KiB, answered within 5 seconds; redirects only within the same origin).
            </>
          )}
        </dd>
      </div>
      <div>
        <dt>Verify before</dt>
        <dd>
          <time dateTime={claim.expiresAt}>{formatTime(claim.expiresAt)}</time>, when this token expires.
        </dd>
      </div>
    </dl>
  );
}

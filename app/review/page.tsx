import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-access";
import { Role } from "@/lib/db/generated/client";
import { listReviewQueue } from "@/lib/versions/list-submissions";
import { CATEGORIES } from "@/scanner/rules/rule";
import { SubmissionTable } from "../components/submission-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Review queue" };

const VERDICTS = ["PASS", "WARN", "FAIL"] as const;

type Search = Promise<{ verdict?: string; category?: string }>;

export default async function ReviewQueuePage({ searchParams }: { searchParams: Search }) {
  await requirePageUser("/review", [Role.REVIEWER]);
  const query = await searchParams;
  const verdict = VERDICTS.find((v) => v === query.verdict);
  const category = CATEGORIES.find((c) => c === query.category);
  const rows = await listReviewQueue({ verdict, category });
  return (
    <section aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">Review queue</h1>
      </div>
      <p className="lede">Scanned submissions waiting for a review, the longest-waiting first. Nobody reviews their own submission; a failing scan needs two approvals or an admin override.</p>
      <form method="get" className="filters" aria-label="Filter the queue">
        <div className="field">
          <label htmlFor="verdict">Verdict</label>
          <select id="verdict" name="verdict" defaultValue={verdict ?? ""}>
            <option value="">Any</option>
            {VERDICTS.map((v) => (
              <option key={v} value={v}>
                {v.toLowerCase()}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="category">Has findings in</label>
          <select id="category" name="category" defaultValue={category ?? ""}>
            <option value="">Any category</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Filter</button>
      </form>
      <p className="result-count" role="status">
        {rows.length} waiting{verdict || category ? " (filtered)" : ""}
      </p>
      {rows.length === 0 ? (
        <div className="empty">
          <p>Nothing is waiting for a review.</p>
        </div>
      ) : (
        <SubmissionTable rows={rows} caption="Submissions waiting for review, oldest first" showSubmitter />
      )}
    </section>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/page-access";
import { listOwnSubmissions } from "@/lib/versions/list-submissions";
import { SubmissionTable } from "../components/submission-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "My submissions" };

export default async function MySubmissionsPage() {
  const user = await requirePageUser("/submissions");
  const rows = await listOwnSubmissions(user.id);
  return (
    <section aria-labelledby="mine-title">
      <div className="page-head">
        <h1 id="mine-title">My submissions</h1>
        <Link className="button-link" href="/submit">
          Submit a server
        </Link>
      </div>
      {rows.length === 0 ? (
        <div className="empty">
          <p>You have not submitted anything yet.</p>
        </div>
      ) : (
        <SubmissionTable rows={rows} caption="Your submissions, newest first" />
      )}
    </section>
  );
}

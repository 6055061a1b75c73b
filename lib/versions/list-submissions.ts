import { db } from "@/lib/db/client";
import { type Prisma, VersionState } from "@/lib/db/generated/client";

const LIST_LIMIT = 200;

const withLatestScan = {
  scanJobs: { orderBy: { createdAt: "desc" }, take: 1 },
  scanReports: { orderBy: { createdAt: "desc" }, take: 1, select: { id: true, verdict: true, createdAt: true, summary: true, findings: { select: { category: true, severity: true, viaDependency: true } } } },
  submittedBy: { select: { id: true, name: true, email: true, githubLogin: true } },
} satisfies Prisma.ServerVersionInclude;

export type SubmissionSummaryRow = Prisma.ServerVersionGetPayload<{ include: typeof withLatestScan }>;

/** A user's own submissions, newest first, each with its latest scan job and report. */
export function listOwnSubmissions(userId: string): Promise<SubmissionSummaryRow[]> {
  return db().serverVersion.findMany({ where: { submittedById: userId }, orderBy: { submittedAt: "desc" }, take: LIST_LIMIT, include: withLatestScan });
}

export interface ReviewQueueFilter {
  verdict?: "PASS" | "WARN" | "FAIL";
  category?: string;
  /** Only these namespaces (an API token's); all when absent. */
  namespaces?: string[];
}

/**
 * Scanned versions waiting for a review, the longest-waiting first, filtered by the verdict
 * and finding categories of their latest report; the first 200 that match.
 */
export async function listReviewQueue(filter: ReviewQueueFilter = {}): Promise<SubmissionSummaryRow[]> {
  // Filtered before the cap: a filter must find a match among all that wait, not the oldest 200.
  const namespaces = filter.namespaces?.map((name) => ({ serverName: { startsWith: `${name}/` } }));
  const waiting = await db().serverVersion.findMany({
    where: { state: VersionState.SCANNED, ...(namespaces ? { OR: namespaces } : {}) },
    orderBy: { statusChangedAt: "asc" },
    include: withLatestScan,
  });
  return waiting
    .filter((version) => {
      const report = version.scanReports[0];
      if (filter.verdict && report?.verdict !== filter.verdict) return false;
      if (filter.category && !report?.findings.some((f) => f.category === filter.category)) return false;
      return true;
    })
    .slice(0, LIST_LIMIT);
}

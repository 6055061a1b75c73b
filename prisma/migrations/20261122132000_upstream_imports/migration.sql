-- Imports of candidates from an upstream registry (lib/import/).
-- (No semicolons in comments: the driver adapter splits the script on them.)

-- Namespaces an import creates have no owners. ADD VALUE may run inside the migration's
-- transaction (PostgreSQL 12 and later) because nothing in this migration uses the new value.
ALTER TYPE "NamespaceProof" ADD VALUE 'UPSTREAM_IMPORT';

-- One row per import run. startedById names a User without a foreign key, as AuditEvent.actorId does.
CREATE TABLE "UpstreamImport" (
    "id" TEXT NOT NULL,
    "upstreamUrl" TEXT NOT NULL,
    "startedById" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "updatedSince" TIMESTAMP(3),
    "cursor" TEXT,
    "nextCursor" TEXT,
    "nextUpdatedSince" TIMESTAMP(3) NOT NULL,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "invalid" INTEGER NOT NULL DEFAULT 0,
    "details" JSONB,
    "error" TEXT,

    CONSTRAINT "UpstreamImport_pkey" PRIMARY KEY ("id")
);

-- The last successful run from an upstream, for the next run's updated_since.
CREATE INDEX "UpstreamImport_upstreamUrl_startedAt_idx" ON "UpstreamImport"("upstreamUrl", "startedAt");

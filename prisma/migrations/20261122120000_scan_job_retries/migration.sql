-- A scan job that used up its attempts is DEAD and keeps its error. It was FAILED, which read
-- like a failing verdict. Renaming keeps any existing rows.
-- (No semicolons in comments: the driver adapter splits the script on them.)
ALTER TYPE "ScanJobState" RENAME VALUE 'FAILED' TO 'DEAD';

-- Shown to users as "attempt 2 of 5".
ALTER TABLE "ScanJob" ADD COLUMN "maxAttempts" INTEGER NOT NULL DEFAULT 5;

-- Sessions signed before this time are refused
ALTER TABLE "User" ADD COLUMN "sessionsValidAfter" TIMESTAMP(3);

-- GitHub's numeric account id identifies a GitHub user, not the login
ALTER TABLE "User" ADD COLUMN "githubId" TEXT;

CREATE UNIQUE INDEX "User_githubId_key" ON "User"("githubId");

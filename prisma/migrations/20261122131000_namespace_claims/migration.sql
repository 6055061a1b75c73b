-- Claims of reverse-DNS namespaces, proven by a DNS TXT record or an HTTP well-known file.
-- (No semicolons in comments: the driver adapter splits the script on them.)
CREATE TYPE "NamespaceClaimMethod" AS ENUM ('DNS', 'HTTP');

CREATE TABLE "NamespaceClaim" (
    "id" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "method" "NamespaceClaimMethod" NOT NULL,
    "token" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "verifiedAt" TIMESTAMP(3),

    CONSTRAINT "NamespaceClaim_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "NamespaceClaim_token_key" ON "NamespaceClaim"("token");

CREATE INDEX "NamespaceClaim_userId_namespace_idx" ON "NamespaceClaim"("userId", "namespace");

ALTER TABLE "NamespaceClaim" ADD CONSTRAINT "NamespaceClaim_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

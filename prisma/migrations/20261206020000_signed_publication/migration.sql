-- Signed publication: attestations name their signer, timestamp authorities and keyless
-- identities are recorded with their validity, the signed revocation list is kept, and admins
-- can freeze publishing.

-- AlterTable
ALTER TABLE "Attestation" ADD COLUMN     "identity" TEXT,
ALTER COLUMN "bundle" SET DATA TYPE JSON;

-- AlterTable
ALTER TABLE "SigningKey" ADD COLUMN     "compromisedReason" TEXT;

-- CreateTable
CREATE TABLE "TimestampAuthority" (
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "certChainPem" TEXT NOT NULL,
    "validFrom" TIMESTAMP(3) NOT NULL,
    "validTo" TIMESTAMP(3),

    CONSTRAINT "TimestampAuthority_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SigningIdentity" (
    "id" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "subjectAlternativeName" TEXT NOT NULL,
    "validFrom" TIMESTAMP(3) NOT NULL,
    "validTo" TIMESTAMP(3),

    CONSTRAINT "SigningIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RevocationList" (
    "id" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "bundle" JSON NOT NULL,
    "revoked" INTEGER NOT NULL,

    CONSTRAINT "RevocationList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegistryControl" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "publishingFrozenAt" TIMESTAMP(3),
    "publishingFrozenBy" TEXT,
    "publishingFrozenReason" TEXT,

    CONSTRAINT "RegistryControl_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TimestampAuthority_url_certChainPem_key" ON "TimestampAuthority"("url", "certChainPem");

-- CreateIndex
CREATE UNIQUE INDEX "SigningIdentity_issuer_subjectAlternativeName_key" ON "SigningIdentity"("issuer", "subjectAlternativeName");

-- CreateIndex
CREATE INDEX "RevocationList_issuedAt_idx" ON "RevocationList"("issuedAt");

-- A published version never changes: its bytes, report, approvals and signature are what
-- clients verify. These triggers refuse the changes no code of Sigil's makes, whoever tries
-- (like the audit log's, they do not stop whoever controls the database, which can drop them).
-- Bodies are escape strings with semicolons written \x3B: migrations run through
-- @prisma/adapter-pg, which splits a script at every semicolon.
CREATE FUNCTION "refuse_record_change"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  RAISE EXCEPTION ''% on "%" is not allowed: these records are never changed or removed'', TG_OP, TG_TABLE_NAME
    USING ERRCODE = ''insufficient_privilege''\x3B
END
';

CREATE TRIGGER "Attestation_no_update_or_delete" BEFORE UPDATE OR DELETE ON "Attestation" FOR EACH ROW EXECUTE FUNCTION "refuse_record_change"();
CREATE TRIGGER "Attestation_no_truncate" BEFORE TRUNCATE ON "Attestation" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_record_change"();
CREATE TRIGGER "ScanReport_no_update_or_delete" BEFORE UPDATE OR DELETE ON "ScanReport" FOR EACH ROW EXECUTE FUNCTION "refuse_record_change"();
CREATE TRIGGER "Finding_no_update_or_delete" BEFORE UPDATE OR DELETE ON "Finding" FOR EACH ROW EXECUTE FUNCTION "refuse_record_change"();
CREATE TRIGGER "Review_no_update_or_delete" BEFORE UPDATE OR DELETE ON "Review" FOR EACH ROW EXECUTE FUNCTION "refuse_record_change"();
CREATE TRIGGER "Revocation_no_update_or_delete" BEFORE UPDATE OR DELETE ON "Revocation" FOR EACH ROW EXECUTE FUNCTION "refuse_record_change"();
CREATE TRIGGER "RevocationList_no_update_or_delete" BEFORE UPDATE OR DELETE ON "RevocationList" FOR EACH ROW EXECUTE FUNCTION "refuse_record_change"();

-- A published or revoked version keeps what it was published with: only its state (to
-- REVOKED), isLatest and the times that track them may move.
CREATE FUNCTION "refuse_published_version_change"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''DELETE'' THEN
    IF OLD."state" IN (''PUBLISHED'', ''REVOKED'') THEN
      RAISE EXCEPTION ''A published version is never removed'' USING ERRCODE = ''insufficient_privilege''\x3B
    END IF\x3B
    RETURN OLD\x3B
  END IF\x3B
  IF OLD."state" IN (''PUBLISHED'', ''REVOKED'') AND (
       NEW."serverJson"::text IS DISTINCT FROM OLD."serverJson"::text
    OR NEW."serverJsonDigest" IS DISTINCT FROM OLD."serverJsonDigest"
    OR NEW."serverId" IS DISTINCT FROM OLD."serverId"
    OR NEW."serverName" IS DISTINCT FROM OLD."serverName"
    OR NEW."version" IS DISTINCT FROM OLD."version"
    OR NEW."packageRegistry" IS DISTINCT FROM OLD."packageRegistry"
    OR NEW."packageIdentifier" IS DISTINCT FROM OLD."packageIdentifier"
    OR NEW."packageVersion" IS DISTINCT FROM OLD."packageVersion"
    OR NEW."integrity" IS DISTINCT FROM OLD."integrity"
    OR NEW."sha256" IS DISTINCT FROM OLD."sha256"
    OR NEW."tarballSize" IS DISTINCT FROM OLD."tarballSize"
    OR NEW."publishedAt" IS DISTINCT FROM OLD."publishedAt"
    OR (OLD."state" = ''REVOKED'' AND NEW."state" <> ''REVOKED'')
    OR (OLD."state" = ''PUBLISHED'' AND NEW."state" NOT IN (''PUBLISHED'', ''REVOKED''))
  ) THEN
    RAISE EXCEPTION ''Version % of % is published: what it was published with never changes'', OLD."version", OLD."serverName"
      USING ERRCODE = ''insufficient_privilege''\x3B
  END IF\x3B
  RETURN NEW\x3B
END
';

CREATE TRIGGER "ServerVersion_published_is_immutable" BEFORE UPDATE OR DELETE ON "ServerVersion" FOR EACH ROW EXECUTE FUNCTION "refuse_published_version_change"();

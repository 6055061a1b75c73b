-- The audit log is append-only for every role: a row, once written, is never changed or removed.
-- Superusers can still switch triggers off (session_replication_role, ALTER TABLE ... DISABLE
-- TRIGGER), and so can the table's owner. The hash chain is what detects that.
--
-- The function body is an escape string whose one semicolon is written \x3B: migrations run
-- through @prisma/adapter-pg, which splits a script at every semicolon, even inside dollar quotes.
-- (No semicolons in comments either, for the same reason.)
CREATE FUNCTION "refuse_audit_event_change"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  RAISE EXCEPTION ''The audit log is append-only: % on "AuditEvent" is not allowed'', TG_OP
    USING ERRCODE = ''insufficient_privilege'',
          HINT = ''Audit events are never changed or removed. Record a correction as a new event.''\x3B
END
';

CREATE TRIGGER "AuditEvent_no_update_or_delete"
  BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "refuse_audit_event_change"();

-- TRUNCATE fires no row triggers.
CREATE TRIGGER "AuditEvent_no_truncate"
  BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_audit_event_change"();

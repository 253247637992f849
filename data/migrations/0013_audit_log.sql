-- 0013: the audit trail. Append-only and hash-chained (src/domain/audit_chain.h): each entry holds
-- the SHA-256 of its contents and of the previous entry's hash. audit_head is the chain's tip,
-- updated under the writer's lock so appends form one chain with no gaps. Both backends refuse
-- UPDATE and DELETE on audit_log with triggers; `selfdirect verify-audit` checks the chain.
-- council_id is 0 for entries outside any council; actor is "staff:12", "account:5" or "system".
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    council_id INTEGER NOT NULL,
    actor TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    remote_addr TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;

CREATE INDEX audit_log_by_subject ON audit_log (council_id, subject_type, subject_id, seq);

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
) STRICT;

INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- @sqlite
-- @begin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed');
END
-- @end
-- @begin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted');
END
-- @end

-- @postgres
-- @begin
CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: entries cannot be changed or deleted';
END
$$
-- @end
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();

-- 0011: server-side sessions. token_hash is the hex SHA-256 of the 256-bit token in the browser's
-- cookie (the token itself is never stored). Exactly one of staff_id / account_id says who is
-- signed in. Times are seconds since the epoch, for the idle and absolute timeout arithmetic.
CREATE TABLE web_sessions (
    token_hash TEXT COLLATE BINARY PRIMARY KEY CHECK (length(token_hash) = 64),
    council_id INTEGER NOT NULL REFERENCES councils (id),
    staff_id INTEGER,
    account_id INTEGER,
    csrf_token TEXT NOT NULL CHECK (length(csrf_token) = 43),
    created_unix INTEGER NOT NULL,
    last_seen_unix INTEGER NOT NULL,
    remote_addr TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (council_id, staff_id) REFERENCES staff (council_id, id) ON DELETE CASCADE,
    FOREIGN KEY (council_id, account_id) REFERENCES web_accounts (council_id, id) ON DELETE CASCADE,
    CHECK ((staff_id IS NULL) <> (account_id IS NULL))
) STRICT;

CREATE INDEX web_sessions_by_staff ON web_sessions (staff_id);
CREATE INDEX web_sessions_by_account ON web_sessions (account_id);

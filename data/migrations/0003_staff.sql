-- 0003: staff users. The e-mail address (stored lower-case) is the login, unique within a council.
-- password_hash is an argon2id string from libsodium's crypto_pwhash_str, or NULL when no password
-- is set (the account cannot sign in). sign_off_limit_pence is the most this person may approve
-- in a year.
CREATE TABLE staff (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    team_id INTEGER,
    manager_id INTEGER,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    email TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    role TEXT NOT NULL CHECK (role IN ('social_worker', 'team_manager', 'finance_officer',
                                       'finance_approver', 'commissioner', 'council_admin',
                                       'auditor', 'duty')),
    sign_off_limit_pence INTEGER NOT NULL DEFAULT 0 CHECK (sign_off_limit_pence >= 0),
    password_hash TEXT,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    UNIQUE (council_id, email),
    FOREIGN KEY (council_id, team_id) REFERENCES teams (council_id, id),
    FOREIGN KEY (council_id, manager_id) REFERENCES staff (council_id, id),
    CHECK (manager_id IS NULL OR manager_id <> id)
) STRICT;

CREATE INDEX staff_by_team ON staff (council_id, team_id);

-- 0010: citizen-side accounts (budget holders, representatives, personal assistants, support
-- organisation workers, advocates). Council staff sign in with their staff record (0003); these
-- are everyone else. username is an e-mail address folded to lower case, unique in the store
-- because people sign in before we know their council. person_id links a budget holder to their
-- own record; contact_id links a representative to the person_contacts row where their authority
-- is recorded. password_hash is libsodium's argon2id string, NULL when no password is set yet.
CREATE TABLE web_accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    username TEXT COLLATE BINARY NOT NULL UNIQUE CHECK (length(username) BETWEEN 3 AND 254),
    display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
    role TEXT NOT NULL CHECK (role IN ('budget-holder', 'representative', 'personal-assistant',
                                       'support-organisation-worker', 'advocate')),
    person_id INTEGER,
    contact_id INTEGER,
    organisation TEXT NOT NULL DEFAULT '' CHECK (length(organisation) <= 200),
    password_hash TEXT,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id),
    FOREIGN KEY (council_id, contact_id) REFERENCES person_contacts (council_id, id),
    CHECK (role <> 'budget-holder' OR person_id IS NOT NULL)
) STRICT;

CREATE INDEX web_accounts_by_person ON web_accounts (council_id, person_id);

-- Failed sign-ins by the name typed, whether or not an account has it (so lockout behaves the
-- same for names that do not exist, and tells an attacker nothing). Cleared on success.
CREATE TABLE web_login_throttle (
    username TEXT COLLATE BINARY PRIMARY KEY,
    failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    locked_until INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
) STRICT;

-- 0043: who may help write a person's plan, with the person's permission (brief §7.1: the person,
-- or their family, a support organisation they chose, or a worker "only where the person wants
-- that"). The person themself never needs a row. Each row names one login (a member of staff or a
-- citizen-side account), the kind of help, who recorded the permission and how the person gave it
-- (granted_by is the person's own account, their representative, or the worker who wrote down what
-- the person said), and when it ended. Permission is checked by src/domain/plan_contrib.h on every
-- save; the access rule (src/domain/access.h) still decides who can reach the plan at all.
CREATE TABLE plan_contributors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    person_id INTEGER NOT NULL,
    staff_id INTEGER,
    account_id INTEGER,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind TEXT NOT NULL CHECK (kind IN ('family', 'ulo', 'other_org', 'worker')),
    granted_by TEXT NOT NULL CHECK (length(granted_by) BETWEEN 1 AND 40),
    granted_by_name TEXT NOT NULL DEFAULT '' CHECK (length(granted_by_name) <= 200),
    how TEXT NOT NULL DEFAULT '' CHECK (length(how) <= 1000),
    granted_on TEXT NOT NULL CHECK (length(granted_on) = 10),
    revoked_on TEXT CHECK (revoked_on IS NULL OR (length(revoked_on) = 10 AND
                                                  revoked_on >= granted_on)),
    revoked_by TEXT NOT NULL DEFAULT '' CHECK (length(revoked_by) <= 40),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id) ON DELETE CASCADE,
    FOREIGN KEY (council_id, staff_id) REFERENCES staff (council_id, id),
    FOREIGN KEY (council_id, account_id) REFERENCES web_accounts (council_id, id),
    CHECK ((staff_id IS NULL) <> (account_id IS NULL)),
    CHECK ((kind = 'worker') = (staff_id IS NOT NULL))
) STRICT;

CREATE INDEX plan_contributors_by_person ON plan_contributors (council_id, person_id);

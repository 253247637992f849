-- 0005: a person's representatives, family and other contacts. authority records whether the
-- contact may act for the person and on what footing: a registered lasting power of attorney or a
-- Court of Protection deputyship (each for property and financial affairs, health and welfare, or
-- both), or a nominated person for direct payments (Care Act s.32); 'none' for an ordinary
-- contact. The later access rules read this: only recorded authority lets a representative act.
CREATE TABLE person_contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    person_id INTEGER NOT NULL,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    relationship TEXT NOT NULL CHECK (length(relationship) BETWEEN 1 AND 60),
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    authority TEXT NOT NULL DEFAULT 'none'
        CHECK (authority IN ('none', 'lasting_power_of_attorney', 'deputy', 'nominated_person')),
    authority_scope TEXT NOT NULL DEFAULT ''
        CHECK (authority_scope IN ('', 'property_and_financial_affairs', 'health_and_welfare',
                                   'both')),
    authority_notes TEXT NOT NULL DEFAULT '',
    emergency_contact INTEGER NOT NULL DEFAULT 0 CHECK (emergency_contact IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id) ON DELETE CASCADE,
    -- an attorney or deputy always has a scope; the others never do
    CHECK ((authority IN ('lasting_power_of_attorney', 'deputy') AND authority_scope <> '')
        OR (authority IN ('none', 'nominated_person') AND authority_scope = ''))
) STRICT;

CREATE INDEX person_contacts_by_person ON person_contacts (council_id, person_id);

-- 0002: councils (the tenants) and their teams. Every personal or financial row names its council;
-- child rows reference (council_id, id) of their parent, so each parent table carries
-- UNIQUE (council_id, id) for those composite foreign keys to point at.
CREATE TABLE councils (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 2 AND 16),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- the number part of the next person reference ("DEMO-000123")
    next_person_number INTEGER NOT NULL DEFAULT 1 CHECK (next_person_number >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
) STRICT;

CREATE TABLE teams (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    UNIQUE (council_id, name)
) STRICT;

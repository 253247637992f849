-- 0004: the adults who receive care and support. reference is the council's own id for the person
-- ("DEMO-000123"); nhs_number is optional but, when present, a valid 10-digit number (check digit
-- verified by the records layer) and unique within the council. family_key and given_key are the
-- names folded to lower-case ASCII by the records layer, compared byte by byte (COLLATE BINARY,
-- "C" on PostgreSQL) so that a name-prefix search is an index range scan on both backends.
CREATE TABLE people (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    reference TEXT NOT NULL CHECK (length(reference) BETWEEN 1 AND 32),
    given_name TEXT NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
    family_name TEXT NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
    preferred_name TEXT NOT NULL DEFAULT '' CHECK (length(preferred_name) <= 100),
    given_key TEXT COLLATE BINARY NOT NULL,
    family_key TEXT COLLATE BINARY NOT NULL,
    date_of_birth TEXT NOT NULL CHECK (length(date_of_birth) = 10),
    nhs_number TEXT CHECK (nhs_number IS NULL OR length(nhs_number) = 10),
    address_line1 TEXT NOT NULL DEFAULT '',
    address_line2 TEXT NOT NULL DEFAULT '',
    town TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    client_group TEXT NOT NULL CHECK (client_group IN ('older_people', 'physical_disability',
                                                       'sensory_impairment', 'learning_disability',
                                                       'autism', 'mental_health', 'other')),
    allocated_worker_id INTEGER,
    communication_needs TEXT NOT NULL DEFAULT '',
    easy_read INTEGER NOT NULL DEFAULT 0 CHECK (easy_read IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    UNIQUE (council_id, reference),
    UNIQUE (council_id, nhs_number),
    FOREIGN KEY (council_id, allocated_worker_id) REFERENCES staff (council_id, id)
) STRICT;

CREATE INDEX people_by_family_name ON people (council_id, family_key, given_key, id);
CREATE INDEX people_by_given_name ON people (council_id, given_key, family_key, id);
CREATE INDEX people_by_birth ON people (council_id, date_of_birth);
CREATE INDEX people_by_worker ON people (council_id, allocated_worker_id);

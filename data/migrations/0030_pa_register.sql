-- 0030: the register of personal assistants (PAs) that a council, or a support organisation on its
-- behalf, keeps for budget holders looking for someone to employ. No organisations table existed
-- (0010-0019 record an account's organisation as text), so support_organisations is made here: DP
-- support services that run the PA register or act as a payroll bureau, each with the named
-- contact a PA's concern is routed to.
CREATE TABLE support_organisations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    runs_pa_register INTEGER NOT NULL DEFAULT 0 CHECK (runs_pa_register IN (0, 1)),
    payroll_bureau INTEGER NOT NULL DEFAULT 0 CHECK (payroll_bureau IN (0, 1)),
    contact_name TEXT NOT NULL CHECK (length(contact_name) BETWEEN 1 AND 120),
    contact_email TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    UNIQUE (council_id, name)
) STRICT;

-- The council's own PA settings (one row a council, made on first use): how long a DBS check is
-- taken to be valid (a council policy, not law: Wigan uses 3 years), how early reminders start,
-- whether a check is mandatory when a child under 16 lives in the home, and the council's named
-- contact for PA concerns when no support organisation runs the PA's register entry.
CREATE TABLE pa_settings (
    council_id INTEGER PRIMARY KEY REFERENCES councils (id),
    dbs_valid_years INTEGER NOT NULL DEFAULT 3 CHECK (dbs_valid_years BETWEEN 1 AND 10),
    dbs_remind_days INTEGER NOT NULL DEFAULT 60 CHECK (dbs_remind_days BETWEEN 1 AND 365),
    dbs_mandatory_child_under_16 INTEGER NOT NULL DEFAULT 1
        CHECK (dbs_mandatory_child_under_16 IN (0, 1)),
    concern_contact_name TEXT NOT NULL DEFAULT '',
    concern_contact_email TEXT NOT NULL DEFAULT '',
    concern_response_days INTEGER NOT NULL DEFAULT 10 CHECK (concern_response_days BETWEEN 1 AND 90),
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
) STRICT;

-- A PA. accreditation is set only by the support organisation that runs the register
-- (organisation_id): registered -> checked (DBS, right to work, references) -> accredited
-- (training), or back to registered. account_id is the PA's own login (web_accounts, role
-- personal-assistant). ni_number and gender are as HMRC holds them, for the FPS.
CREATE TABLE pas (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    organisation_id INTEGER,
    account_id INTEGER,
    title TEXT NOT NULL DEFAULT '' CHECK (length(title) <= 35),
    given_name TEXT NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
    family_name TEXT NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
    date_of_birth TEXT NOT NULL CHECK (length(date_of_birth) = 10),
    gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'F', 'M')),
    ni_number TEXT CHECK (ni_number IS NULL OR length(ni_number) = 9),
    address_line1 TEXT NOT NULL DEFAULT '',
    address_line2 TEXT NOT NULL DEFAULT '',
    town TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    about TEXT NOT NULL DEFAULT '' CHECK (length(about) <= 2000),
    listed INTEGER NOT NULL DEFAULT 1 CHECK (listed IN (0, 1)),
    accreditation TEXT NOT NULL DEFAULT 'registered'
        CHECK (accreditation IN ('registered', 'checked', 'accredited')),
    accreditation_on TEXT NOT NULL CHECK (length(accreditation_on) = 10),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    UNIQUE (council_id, ni_number),
    FOREIGN KEY (council_id, organisation_id) REFERENCES support_organisations (council_id, id),
    FOREIGN KEY (council_id, account_id) REFERENCES web_accounts (council_id, id)
) STRICT;

CREATE INDEX pas_by_name ON pas (council_id, family_name, given_name);
CREATE UNIQUE INDEX pas_by_account ON pas (council_id, account_id);

-- Every change of accreditation, with who made it and why.
CREATE TABLE pa_accreditation_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    pa_id INTEGER NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    organisation_id INTEGER NOT NULL,
    by_name TEXT NOT NULL CHECK (length(by_name) BETWEEN 1 AND 120),
    reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),
    on_date TEXT NOT NULL CHECK (length(on_date) = 10),
    created_at TEXT NOT NULL,
    FOREIGN KEY (council_id, pa_id) REFERENCES pas (council_id, id) ON DELETE CASCADE,
    FOREIGN KEY (council_id, organisation_id) REFERENCES support_organisations (council_id, id)
) STRICT;

CREATE INDEX pa_accreditation_log_by_pa ON pa_accreditation_log (council_id, pa_id, id);

-- Where a PA will work (a town or postcode district, stored upper-case) and when.
CREATE TABLE pa_areas (
    council_id INTEGER NOT NULL REFERENCES councils (id),
    pa_id INTEGER NOT NULL,
    area TEXT NOT NULL CHECK (length(area) BETWEEN 1 AND 60),
    PRIMARY KEY (pa_id, area),
    FOREIGN KEY (council_id, pa_id) REFERENCES pas (council_id, id) ON DELETE CASCADE
) STRICT;

CREATE INDEX pa_areas_by_area ON pa_areas (council_id, area, pa_id);

CREATE TABLE pa_availability (
    council_id INTEGER NOT NULL REFERENCES councils (id),
    pa_id INTEGER NOT NULL,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    part TEXT NOT NULL CHECK (part IN ('morning', 'afternoon', 'evening', 'night')),
    PRIMARY KEY (pa_id, weekday, part),
    FOREIGN KEY (council_id, pa_id) REFERENCES pas (council_id, id) ON DELETE CASCADE
) STRICT;

-- Skills (what the PA can do: "moving and handling", "British Sign Language") and training
-- (courses with a completion date and, for refreshers, an expiry). evidence_seen: a certificate
-- was seen by the register.
CREATE TABLE pa_training (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    pa_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('skill', 'training')),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    name_key TEXT COLLATE BINARY NOT NULL,
    completed_on TEXT CHECK (completed_on IS NULL OR length(completed_on) = 10),
    expires_on TEXT CHECK (expires_on IS NULL OR length(expires_on) = 10),
    evidence_seen INTEGER NOT NULL DEFAULT 0 CHECK (evidence_seen IN (0, 1)),
    created_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, pa_id) REFERENCES pas (council_id, id) ON DELETE CASCADE,
    CHECK (expires_on IS NULL OR completed_on IS NULL OR expires_on >= completed_on)
) STRICT;

CREATE INDEX pa_training_by_pa ON pa_training (council_id, pa_id);
CREATE INDEX pa_training_by_key ON pa_training (council_id, name_key, pa_id);

CREATE TABLE pa_references (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    pa_id INTEGER NOT NULL,
    referee_name TEXT NOT NULL CHECK (length(referee_name) BETWEEN 1 AND 120),
    relationship TEXT NOT NULL CHECK (length(relationship) BETWEEN 1 AND 120),
    contact TEXT NOT NULL DEFAULT '' CHECK (length(contact) <= 254),
    outcome TEXT NOT NULL DEFAULT 'requested'
        CHECK (outcome IN ('requested', 'satisfactory', 'unsatisfactory')),
    received_on TEXT CHECK (received_on IS NULL OR length(received_on) = 10),
    checked_by TEXT NOT NULL DEFAULT '' CHECK (length(checked_by) <= 120),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, pa_id) REFERENCES pas (council_id, id) ON DELETE CASCADE,
    CHECK (outcome = 'requested' OR received_on IS NOT NULL)
) STRICT;

CREATE INDEX pa_references_by_pa ON pa_references (council_id, pa_id);

-- 0033: concerns a PA raises (about pay, safety or their employer). Each is routed when raised to
-- a named contact: the support organisation running the PA's register entry, else the council's
-- contact (pa_settings). respond_by is fixed then; a response (who, when, what) is required and
-- tracked, so "no one to answer to" shows up as an overdue concern.
CREATE TABLE pa_concerns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    pa_id INTEGER NOT NULL,
    about TEXT NOT NULL CHECK (about IN ('pay', 'safety', 'employer', 'other')),
    employer_id INTEGER,
    summary TEXT NOT NULL CHECK (length(summary) BETWEEN 1 AND 4000),
    raised_on TEXT NOT NULL CHECK (length(raised_on) = 10),
    routed_to TEXT NOT NULL CHECK (routed_to IN ('council', 'organisation')),
    organisation_id INTEGER,
    contact_name TEXT NOT NULL CHECK (length(contact_name) BETWEEN 1 AND 120),
    contact_email TEXT NOT NULL DEFAULT '',
    respond_by TEXT NOT NULL CHECK (length(respond_by) = 10),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'responded', 'closed')),
    response TEXT NOT NULL DEFAULT '' CHECK (length(response) <= 4000),
    responded_by TEXT NOT NULL DEFAULT '' CHECK (length(responded_by) <= 120),
    responded_on TEXT CHECK (responded_on IS NULL OR length(responded_on) = 10),
    closed_on TEXT CHECK (closed_on IS NULL OR length(closed_on) = 10),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, pa_id) REFERENCES pas (council_id, id),
    FOREIGN KEY (council_id, employer_id) REFERENCES pa_employers (council_id, id),
    FOREIGN KEY (council_id, organisation_id) REFERENCES support_organisations (council_id, id),
    CHECK ((routed_to = 'organisation') = (organisation_id IS NOT NULL)),
    CHECK (status = 'open' OR (responded_on IS NOT NULL AND length(response) > 0))
) STRICT;

CREATE INDEX pa_concerns_by_pa ON pa_concerns (council_id, pa_id);
CREATE INDEX pa_concerns_by_employer ON pa_concerns (council_id, employer_id);
CREATE INDEX pa_concerns_by_status ON pa_concerns (council_id, status, respond_by);

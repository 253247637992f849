-- 0038: who answers a PA's concern, and how it ended. A concern is routed (0033) to the named
-- contact of the support organisation running the PA's register entry, or to the council's; until
-- now that contact was a name and an e-mail address with no sign-in, so nobody could answer in
-- selfdirect. A handler row links a login to a named contact: a support organisation worker's
-- account to their organisation, or a council staff member to the council's own contact. Those
-- logins see the concerns routed there, respond, and close them with an outcome.
CREATE TABLE pa_concern_handlers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    organisation_id INTEGER,
    staff_id INTEGER,
    account_id INTEGER,
    created_at TEXT NOT NULL,
    FOREIGN KEY (council_id, organisation_id) REFERENCES support_organisations (council_id, id),
    FOREIGN KEY (council_id, staff_id) REFERENCES staff (council_id, id),
    FOREIGN KEY (council_id, account_id) REFERENCES web_accounts (council_id, id),
    -- the council's contact is a staff member; an organisation's is one of its workers' accounts
    CHECK ((organisation_id IS NULL) = (staff_id IS NOT NULL)),
    CHECK ((staff_id IS NULL) <> (account_id IS NULL))
) STRICT;

CREATE UNIQUE INDEX pa_concern_handlers_staff ON pa_concern_handlers (council_id, staff_id);
CREATE UNIQUE INDEX pa_concern_handlers_account
    ON pa_concern_handlers (council_id, account_id, organisation_id);

-- How a closed concern ended, and who closed it ('' while open or responded).
ALTER TABLE pa_concerns ADD COLUMN outcome TEXT NOT NULL DEFAULT ''
    CHECK (outcome IN ('', 'resolved', 'not-upheld', 'referred', 'withdrawn'));
ALTER TABLE pa_concerns ADD COLUMN closed_by TEXT NOT NULL DEFAULT ''
    CHECK (length(closed_by) <= 120);

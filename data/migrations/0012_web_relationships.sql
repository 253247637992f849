-- 0012: who is linked to whom, with dates, for the access rule (src/domain/access.h).
-- A relationship belongs to a staff member (allocated worker, past or present: the current
-- allocation is also people.allocated_worker_id) or to a citizen-side account (self,
-- representative, support organisation, advocacy, personal assistant). Dates are ISO
-- YYYY-MM-DD; ends is NULL while the relationship is open. A representative's authority is read
-- from the linked person_contacts row (contact_id); organisations and advocates need an accepted
-- referral and the person's consent, recorded here with when and by whom.
CREATE TABLE web_relationships (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    person_id INTEGER NOT NULL,
    staff_id INTEGER,
    account_id INTEGER,
    kind TEXT NOT NULL CHECK (kind IN ('allocated-worker', 'self', 'representative',
                                       'support-organisation', 'advocacy', 'personal-assistant')),
    starts TEXT NOT NULL CHECK (length(starts) = 10),
    ends TEXT CHECK (ends IS NULL OR length(ends) = 10),
    contact_id INTEGER,
    referral_accepted INTEGER NOT NULL DEFAULT 0 CHECK (referral_accepted IN (0, 1)),
    consent_given INTEGER NOT NULL DEFAULT 0 CHECK (consent_given IN (0, 1)),
    basis TEXT NOT NULL DEFAULT '' CHECK (length(basis) <= 500),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id) ON DELETE CASCADE,
    FOREIGN KEY (council_id, staff_id) REFERENCES staff (council_id, id),
    FOREIGN KEY (council_id, account_id) REFERENCES web_accounts (council_id, id),
    FOREIGN KEY (council_id, contact_id) REFERENCES person_contacts (council_id, id),
    CHECK ((staff_id IS NULL) <> (account_id IS NULL)),
    CHECK ((kind = 'allocated-worker') = (staff_id IS NOT NULL)),
    CHECK (kind <> 'representative' OR contact_id IS NOT NULL),
    CHECK (ends IS NULL OR ends >= starts)
) STRICT;

CREATE INDEX web_relationships_by_account ON web_relationships (council_id, account_id, person_id);
CREATE INDEX web_relationships_by_staff ON web_relationships (council_id, staff_id, person_id);
CREATE INDEX web_relationships_by_person ON web_relationships (council_id, person_id);

-- Break-glass: a duty worker's emergency access to a record they have no relationship with.
-- Needs a typed reason, expires, is audited, and every use is listed in the break-glass report.
CREATE TABLE web_break_glass (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    staff_id INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    reason TEXT NOT NULL CHECK (length(reason) BETWEEN 10 AND 1000),
    granted_unix INTEGER NOT NULL,
    expires_unix INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, staff_id) REFERENCES staff (council_id, id),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id),
    CHECK (expires_unix > granted_unix)
) STRICT;

CREATE INDEX web_break_glass_by_staff ON web_break_glass (council_id, staff_id, person_id);
CREATE INDEX web_break_glass_by_time ON web_break_glass (council_id, granted_unix);

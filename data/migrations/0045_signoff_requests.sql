-- 0045: requests for sign-off of a budget or a plan, and every decision on them (src/domain/
-- signoff.h; brief §2.8: delegated authority, Care and Support Statutory Guidance 10.85). A request
-- carries the exact content hash asked to be approved and its annual value; it goes first to the
-- worker responsible, and up the management chain (or to the panel) when above their limit or
-- referred up. holder_kind/holder_id say where it is now and where_text says why, in words the
-- person reads. raised_by is the requester as the domain compares it: a staff id in decimal, or
-- "account:N" for a citizen account (so nobody decides their own request). Decisions are written
-- once, in order, each with the decider's limit at the time and the hash they decided on.
CREATE TABLE signoff_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    person_id INTEGER NOT NULL,
    subject TEXT NOT NULL CHECK (subject IN ('budget', 'plan')),
    subject_id INTEGER NOT NULL CHECK (subject_id > 0),
    subject_version INTEGER NOT NULL CHECK (subject_version >= 1),
    hash TEXT NOT NULL CHECK (length(hash) = 64),
    annual_value INTEGER NOT NULL CHECK (annual_value >= 0),
    raised_by TEXT NOT NULL CHECK (length(raised_by) BETWEEN 1 AND 40),
    raised_by_name TEXT NOT NULL DEFAULT '' CHECK (length(raised_by_name) <= 200),
    worker_id INTEGER NOT NULL,
    raised_on TEXT NOT NULL CHECK (length(raised_on) = 10),
    reasons TEXT NOT NULL DEFAULT '' CHECK (length(reasons) <= 4000),
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'refused', 'withdrawn')),
    holder_kind TEXT NOT NULL CHECK (holder_kind IN ('worker', 'manager', 'panel')),
    holder_id INTEGER,
    where_text TEXT NOT NULL DEFAULT '' CHECK (length(where_text) <= 4000),
    withdrawn_on TEXT CHECK (withdrawn_on IS NULL OR length(withdrawn_on) = 10),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id) ON DELETE CASCADE,
    FOREIGN KEY (council_id, worker_id) REFERENCES staff (council_id, id),
    FOREIGN KEY (council_id, holder_id) REFERENCES staff (council_id, id),
    CHECK ((holder_kind = 'panel') = (holder_id IS NULL)),
    CHECK ((status = 'withdrawn') = (withdrawn_on IS NOT NULL))
) STRICT;

CREATE INDEX signoff_requests_by_person ON signoff_requests (council_id, person_id, id);
CREATE INDEX signoff_requests_by_holder ON signoff_requests (council_id, status, holder_id);

CREATE TABLE signoff_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    request_id INTEGER NOT NULL,
    ord INTEGER NOT NULL CHECK (ord >= 0),
    action TEXT NOT NULL CHECK (action IN ('approve', 'refuse', 'refer_up')),
    by_id INTEGER NOT NULL,
    by_name TEXT NOT NULL DEFAULT '' CHECK (length(by_name) <= 200),
    as_kind TEXT NOT NULL CHECK (as_kind IN ('worker', 'manager', 'panel')),
    limit_pence INTEGER NOT NULL CHECK (limit_pence >= -1),
    decided_on TEXT NOT NULL CHECK (length(decided_on) = 10),
    reasons TEXT NOT NULL DEFAULT '' CHECK (length(reasons) <= 4000),
    hash TEXT NOT NULL CHECK (length(hash) = 64),
    created_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    UNIQUE (council_id, request_id, ord),
    FOREIGN KEY (council_id, request_id) REFERENCES signoff_requests (council_id, id) ON DELETE CASCADE,
    FOREIGN KEY (council_id, by_id) REFERENCES staff (council_id, id),
    CHECK (action = 'approve' OR length(reasons) > 0)
) STRICT;

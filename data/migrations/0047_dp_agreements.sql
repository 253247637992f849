-- 0047: direct payment agreements, generated from a signed-off plan (src/domain/dp_agreement.h;
-- brief §2.9, §3.2: responsibilities agreed in writing), and their acceptance by the person or
-- their representative in the system. An agreement is written once: body is its sections as JSON
-- ([{"heading": ..., "paragraphs": [...]}]) and hash the SHA-256 of its text; plan_hash is the
-- plan version it was made from. Making a new agreement for the same person marks older ones
-- replaced. An acceptance records who, in what capacity, when, and both hashes.
CREATE TABLE dp_agreements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    person_id INTEGER NOT NULL,
    plan_id INTEGER NOT NULL,
    plan_hash TEXT NOT NULL CHECK (length(plan_hash) = 64),
    hash TEXT NOT NULL CHECK (length(hash) = 64),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    body TEXT NOT NULL CHECK (length(body) BETWEEN 2 AND 200000),
    recipient TEXT NOT NULL CHECK (recipient IN ('person', 'nominated', 'authorised')),
    recipient_name TEXT NOT NULL DEFAULT '' CHECK (length(recipient_name) <= 200),
    account TEXT NOT NULL CHECK (account IN ('bank', 'prepaid_card', 'managed')),
    account_provider TEXT NOT NULL DEFAULT '' CHECK (length(account_provider) <= 200),
    start_date TEXT NOT NULL CHECK (length(start_date) = 10),
    dp_annual INTEGER NOT NULL CHECK (dp_annual >= 0),
    payment INTEGER NOT NULL CHECK (payment >= 0),
    first_review TEXT NOT NULL CHECK (length(first_review) = 10),
    next_review TEXT NOT NULL CHECK (length(next_review) = 10),
    status TEXT NOT NULL CHECK (status IN ('offered', 'accepted', 'replaced')),
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id) ON DELETE CASCADE,
    FOREIGN KEY (council_id, plan_id) REFERENCES plans (council_id, id),
    FOREIGN KEY (council_id, created_by) REFERENCES staff (council_id, id)
) STRICT;

CREATE INDEX dp_agreements_by_person ON dp_agreements (council_id, person_id, id);

CREATE TABLE dp_acceptances (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    agreement_id INTEGER NOT NULL,
    by_name TEXT NOT NULL CHECK (length(by_name) BETWEEN 1 AND 200),
    capacity TEXT NOT NULL CHECK (capacity IN ('person', 'nominated', 'authorised')),
    accepted_on TEXT NOT NULL CHECK (length(accepted_on) = 10),
    agreement_hash TEXT NOT NULL CHECK (length(agreement_hash) = 64),
    plan_hash TEXT NOT NULL CHECK (length(plan_hash) = 64),
    actor TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 40),
    created_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    UNIQUE (council_id, agreement_id),
    FOREIGN KEY (council_id, agreement_id) REFERENCES dp_agreements (council_id, id) ON DELETE CASCADE
) STRICT;

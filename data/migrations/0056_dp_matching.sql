-- 0056: what spending is matched with (src/domain/matching.h): the people and organisations a
-- direct payment pays (known payees, with what the monitoring rules need to know of them: a PA,
-- an agency, HMRC, a close relative in the same household and whether paying them is authorised,
-- Care and Support (Direct Payments) Regulations 2014 reg. 3), and the officer's rules. A rule that
-- came from a manual match (match_propose_rule, accepted by the officer) says so (learned) and
-- names the transaction it was learned from. Rules are switched off, never deleted, so the reason
-- a transaction was matched stays readable.
CREATE TABLE dp_payees (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    dp_id INTEGER NOT NULL,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    aliases TEXT NOT NULL DEFAULT '' CHECK (length(aliases) <= 500),
    plan_line_id INTEGER,
    is_pa INTEGER NOT NULL DEFAULT 0 CHECK (is_pa IN (0, 1)),
    is_agency INTEGER NOT NULL DEFAULT 0 CHECK (is_agency IN (0, 1)),
    is_hmrc INTEGER NOT NULL DEFAULT 0 CHECK (is_hmrc IN (0, 1)),
    family_same_household INTEGER NOT NULL DEFAULT 0 CHECK (family_same_household IN (0, 1)),
    authorised INTEGER NOT NULL DEFAULT 0 CHECK (authorised IN (0, 1)),
    authorised_note TEXT NOT NULL DEFAULT '' CHECK (length(authorised_note) <= 500),
    created_by TEXT NOT NULL CHECK (length(created_by) BETWEEN 1 AND 40),
    created_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, dp_id) REFERENCES direct_payments (council_id, id)
) STRICT;

CREATE INDEX dp_payees_by_dp ON dp_payees (council_id, dp_id);

CREATE TABLE dp_match_rules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    dp_id INTEGER NOT NULL,
    field TEXT NOT NULL CHECK (field IN ('payee', 'description', 'reference', 'any')),
    op TEXT NOT NULL CHECK (op IN ('equals', 'starts_with', 'contains')),
    pattern TEXT NOT NULL CHECK (length(pattern) BETWEEN 1 AND 120),
    min_amount INTEGER NOT NULL DEFAULT 0 CHECK (min_amount >= 0),
    max_amount INTEGER NOT NULL DEFAULT 0 CHECK (max_amount >= 0),
    plan_line_id INTEGER NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0 CHECK (priority BETWEEN -1000 AND 1000),
    learned INTEGER NOT NULL DEFAULT 0 CHECK (learned IN (0, 1)),
    learned_from INTEGER,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_by TEXT NOT NULL CHECK (length(created_by) BETWEEN 1 AND 40),
    created_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, dp_id) REFERENCES direct_payments (council_id, id)
) STRICT;

CREATE INDEX dp_match_rules_by_dp ON dp_match_rules (council_id, dp_id);

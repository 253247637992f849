-- 0057: monitoring flags and proposed surplus recoveries (src/domain/monitoring.h). A flag keeps the
-- reason it was raised and what the officer should do, in the words shown to them, and is resolved
-- with a note (never deleted). Running the rules again over the same statements raises nothing new:
-- a flag is one per direct payment, rule and the day it is about.
--
-- A surplus flag proposes a recovery. Nothing is taken automatically: an officer reviews it with
-- the person and decides (agreed, for an amount no more than proposed, or declined), and an
-- agreement records when and how the person was told; only then is the recovery raised in the
-- ledger (journal_id).
CREATE TABLE dp_flags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    dp_id INTEGER NOT NULL,
    rule TEXT NOT NULL CHECK (rule IN ('surplus', 'cash', 'unknown_payee', 'family_payee',
                                       'no_hmrc', 'no_spending')),
    severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    amount INTEGER NOT NULL DEFAULT 0,
    about_date TEXT NOT NULL CHECK (length(about_date) = 10),
    reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    next_step TEXT NOT NULL DEFAULT '' CHECK (length(next_step) <= 2000),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    raised_on TEXT NOT NULL CHECK (length(raised_on) = 10),
    resolved_by TEXT CHECK (resolved_by IS NULL OR length(resolved_by) BETWEEN 1 AND 40),
    resolved_at TEXT,
    resolution_note TEXT NOT NULL DEFAULT '' CHECK (length(resolution_note) <= 2000),
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    UNIQUE (council_id, dp_id, rule, about_date),
    FOREIGN KEY (council_id, dp_id) REFERENCES direct_payments (council_id, id),
    CHECK ((status = 'resolved') = (resolved_by IS NOT NULL))
) STRICT;

CREATE INDEX dp_flags_open ON dp_flags (council_id, status, severity);

CREATE TABLE dp_recoveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    dp_id INTEGER NOT NULL,
    flag_id INTEGER NOT NULL,
    proposed INTEGER NOT NULL CHECK (proposed > 0),
    status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'agreed', 'declined')),
    amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0 AND amount <= proposed),
    decided_by TEXT CHECK (decided_by IS NULL OR length(decided_by) BETWEEN 1 AND 40),
    decided_at TEXT,
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    person_told_on TEXT CHECK (person_told_on IS NULL OR length(person_told_on) = 10),
    told_how TEXT NOT NULL DEFAULT '' CHECK (length(told_how) <= 200),
    journal_id INTEGER,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    UNIQUE (council_id, flag_id),
    FOREIGN KEY (council_id, dp_id) REFERENCES direct_payments (council_id, id),
    FOREIGN KEY (council_id, flag_id) REFERENCES dp_flags (council_id, id),
    CHECK (status <> 'agreed' OR (amount > 0 AND person_told_on IS NOT NULL AND
                                  journal_id IS NOT NULL)),
    CHECK ((status = 'proposed') = (decided_by IS NULL))
) STRICT;

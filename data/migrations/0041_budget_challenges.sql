-- 0041: challenges to a budget amount or a decision by the person, their representative or their
-- advocate (src/domain/challenge.h; brief §2.13, §7.2). The domain moves a challenge through its
-- states; this table keeps where it is, with the date of every step, under an optimistic version.
-- Amounts are pence a year; -1 means "not given" (a decision has no amounts). evidence is one
-- description a line.
CREATE TABLE budget_challenges (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    person_id INTEGER NOT NULL,
    raised_by TEXT NOT NULL CHECK (raised_by IN ('person', 'representative', 'advocate')),
    raised_by_name TEXT NOT NULL DEFAULT '' CHECK (length(raised_by_name) <= 120),
    subject TEXT NOT NULL CHECK (subject IN ('budget_amount', 'decision')),
    subject_ref TEXT NOT NULL CHECK (length(subject_ref) BETWEEN 1 AND 120),
    subject_hash TEXT NOT NULL DEFAULT '' CHECK (length(subject_hash) IN (0, 64)),
    original_decider TEXT NOT NULL DEFAULT '' CHECK (length(original_decider) <= 120),
    amount_challenged INTEGER NOT NULL CHECK (amount_challenged >= -1),
    amount_sought INTEGER NOT NULL CHECK (amount_sought >= -1),
    reasons TEXT NOT NULL CHECK (length(reasons) BETWEEN 1 AND 8000),
    evidence TEXT NOT NULL DEFAULT '' CHECK (length(evidence) <= 8000),
    status TEXT NOT NULL CHECK (status IN ('raised', 'acknowledged', 'under_review', 'decided',
                                           'closed')),
    outcome TEXT NOT NULL CHECK (outcome IN ('none', 'upheld', 'partly_upheld', 'not_upheld',
                                             'withdrawn')),
    raised_on TEXT NOT NULL CHECK (length(raised_on) = 10),
    acknowledged_on TEXT,
    review_started_on TEXT,
    decided_on TEXT,
    closed_on TEXT,
    decided_by TEXT NOT NULL DEFAULT '' CHECK (length(decided_by) <= 120),
    decision_reasons TEXT NOT NULL DEFAULT '' CHECK (length(decision_reasons) <= 8000),
    revised_amount INTEGER NOT NULL DEFAULT -1 CHECK (revised_amount >= -1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id) ON DELETE CASCADE,
    CHECK ((status IN ('decided', 'closed')) = (outcome <> 'none'))
) STRICT;

CREATE INDEX budget_challenges_by_person ON budget_challenges (council_id, person_id, raised_on);
CREATE INDEX budget_challenges_by_date ON budget_challenges (council_id, raised_on);

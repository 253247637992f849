-- 0023: the eligibility decision made on a completed assessment (Care Act 2014 s.13; SI 2015/313),
-- by src/domain/eligibility.c, with the written reasons the person is given (s.13(2)): one per
-- assessment, never changed (a new assessment makes a new decision). inputs_json is exactly what
-- the rules were given (every outcome, reasons, conditions 1 and 3, wellbeing areas), so the
-- decision can be worked again; decision_text is the sentences shown and downloaded, in order,
-- separated by blank lines. ordinary_residence repeats the worker's check (Care Act s.39).
CREATE TABLE eligibility_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    person_id INTEGER NOT NULL,
    assessment_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('needs', 'carer')),
    eligible INTEGER NOT NULL CHECK (eligible IN (0, 1)),
    condition1 INTEGER NOT NULL CHECK (condition1 IN (0, 1)),
    condition2 INTEGER NOT NULL CHECK (condition2 IN (0, 1)),
    condition3 INTEGER NOT NULL CHECK (condition3 IN (0, 1)),
    unable_count INTEGER NOT NULL CHECK (unable_count BETWEEN 0 AND 10),
    ordinary_residence TEXT NOT NULL CHECK (ordinary_residence IN ('confirmed', 'not_confirmed')),
    inputs_json TEXT NOT NULL CHECK (length(inputs_json) BETWEEN 2 AND 65536),
    decision_text TEXT NOT NULL CHECK (length(decision_text) BETWEEN 1 AND 65536),
    decided_on TEXT NOT NULL CHECK (length(decided_on) = 10),
    decided_by TEXT NOT NULL CHECK (length(decided_by) BETWEEN 1 AND 120),
    decided_by_name TEXT NOT NULL DEFAULT '' CHECK (length(decided_by_name) <= 200),
    created_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    UNIQUE (council_id, assessment_id),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id) ON DELETE CASCADE,
    FOREIGN KEY (council_id, assessment_id) REFERENCES assessments (council_id, id) ON DELETE CASCADE,
    CHECK (eligible = (condition1 * condition2 * condition3))
) STRICT;

CREATE INDEX eligibility_decisions_by_person ON eligibility_decisions (council_id, person_id, id);

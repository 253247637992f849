-- 0022: what an assessment records, one row an answer, so each step of the self-assessment is saved
-- the moment it is answered (and a half-finished one resumes where it stopped).
--   assessment_outcomes       each eligibility outcome (SI 2015/313 reg 2(2) or 3(2), by its stable
--                             key from src/domain/eligibility.h): achieved / not_achieved /
--                             not_applicable, the reasons it cannot be achieved (comma-separated
--                             keys: needs_help, pain_distress_anxiety, endangers, takes_longer) and
--                             the person's own words about it.
--   assessment_ras_answers    the answer id given to each RAS question ("domain.question").
--   assessment_carer_support  how much of the help in a RAS domain a willing and able carer gives
--                             (a carer level id of the configuration, or 'none').
CREATE TABLE assessment_outcomes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    assessment_id INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (length(outcome) BETWEEN 1 AND 40),
    status TEXT NOT NULL CHECK (status IN ('achieved', 'not_achieved', 'not_applicable')),
    reasons TEXT NOT NULL DEFAULT '' CHECK (length(reasons) <= 200),
    notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
    updated_at TEXT NOT NULL,
    UNIQUE (council_id, assessment_id, outcome),
    FOREIGN KEY (council_id, assessment_id) REFERENCES assessments (council_id, id) ON DELETE CASCADE,
    CHECK ((status = 'not_achieved') = (reasons <> ''))
) STRICT;

CREATE TABLE assessment_ras_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    assessment_id INTEGER NOT NULL,
    question TEXT NOT NULL CHECK (length(question) BETWEEN 3 AND 81),
    answer TEXT NOT NULL CHECK (length(answer) BETWEEN 1 AND 40),
    updated_at TEXT NOT NULL,
    UNIQUE (council_id, assessment_id, question),
    FOREIGN KEY (council_id, assessment_id) REFERENCES assessments (council_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE assessment_carer_support (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    assessment_id INTEGER NOT NULL,
    domain TEXT NOT NULL CHECK (length(domain) BETWEEN 1 AND 40),
    level TEXT NOT NULL CHECK (length(level) BETWEEN 1 AND 40),
    updated_at TEXT NOT NULL,
    UNIQUE (council_id, assessment_id, domain),
    FOREIGN KEY (council_id, assessment_id) REFERENCES assessments (council_id, id) ON DELETE CASCADE
) STRICT;

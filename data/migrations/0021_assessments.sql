-- 0021: needs assessments (Care Act 2014 s.9) and carers' assessments (s.10), including supported
-- self-assessment (SI 2014/2827 reg 2). One row is one assessment; a reassessment is a NEW row
-- (seq + 1, supersedes_id naming the one before), so earlier assessments and the decisions made on
-- them are kept as they were. status moves draft -> submitted (the person, or someone helping them,
-- sends it) -> completed (a worker completes or verifies it; a worker may also complete a draft
-- they filled in with the person). A completed assessment is never changed again.
--
-- The yes/no facts are '' until answered, so an unanswered question is never read as "no":
-- condition1 is regulation 2(1)(a) (needs arise from an impairment or illness) for a needs
-- assessment and regulation 3(1)(a) (needs arise from providing necessary care) for a carer's;
-- health_at_risk is the carer's regulation 3(1)(b)(i); significant_impact is condition 3 and
-- wellbeing the Care Act s.1(2) areas it affects (comma-separated keys). carer_helps: whether an
-- unpaid carer helps and is willing and able to carry on (the RAS carer adjustment). adjustments:
-- the RAS adjustments the assessor chose (comma-separated ids). ordinary_residence: the worker's
-- check that the council is the one responsible (Care Act s.39).
-- ras_config_id is the RAS configuration the questions were first shown from.
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    person_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('needs', 'carer')),
    seq INTEGER NOT NULL CHECK (seq >= 1),
    supersedes_id INTEGER,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'completed')),
    ras_config_id INTEGER,
    what_matters TEXT NOT NULL DEFAULT '' CHECK (length(what_matters) <= 4000),
    condition1 TEXT NOT NULL DEFAULT '' CHECK (condition1 IN ('', 'yes', 'no')),
    health_at_risk TEXT NOT NULL DEFAULT '' CHECK (health_at_risk IN ('', 'yes', 'no')),
    significant_impact TEXT NOT NULL DEFAULT '' CHECK (significant_impact IN ('', 'yes', 'no')),
    wellbeing TEXT NOT NULL DEFAULT '' CHECK (length(wellbeing) <= 400),
    carer_helps TEXT NOT NULL DEFAULT '' CHECK (carer_helps IN ('', 'yes', 'no')),
    adjustments TEXT NOT NULL DEFAULT '' CHECK (length(adjustments) <= 2000),
    ordinary_residence TEXT NOT NULL DEFAULT ''
        CHECK (ordinary_residence IN ('', 'confirmed', 'not_confirmed')),
    assessment_date TEXT CHECK (assessment_date IS NULL OR length(assessment_date) = 10),
    started_by TEXT NOT NULL CHECK (length(started_by) BETWEEN 1 AND 120),
    started_by_name TEXT NOT NULL DEFAULT '' CHECK (length(started_by_name) <= 200),
    submitted_at TEXT,
    submitted_by TEXT NOT NULL DEFAULT '' CHECK (length(submitted_by) <= 120),
    submitted_by_name TEXT NOT NULL DEFAULT '' CHECK (length(submitted_by_name) <= 200),
    completed_at TEXT,
    completed_by TEXT NOT NULL DEFAULT '' CHECK (length(completed_by) <= 120),
    completed_by_name TEXT NOT NULL DEFAULT '' CHECK (length(completed_by_name) <= 200),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    UNIQUE (council_id, person_id, seq),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id) ON DELETE CASCADE,
    FOREIGN KEY (council_id, supersedes_id) REFERENCES assessments (council_id, id),
    FOREIGN KEY (council_id, ras_config_id) REFERENCES ras_configs (council_id, id),
    CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
    CHECK (status = 'draft' OR assessment_date IS NOT NULL)
) STRICT;

CREATE INDEX assessments_by_person ON assessments (council_id, person_id, seq);
CREATE INDEX assessments_by_status ON assessments (council_id, status, updated_at);

-- 0024: every indicative budget calculation (src/domain/ras.c), kept for good (brief §2.4: "every
-- recalculation (who, when); overrides with reasons"). Rows are only ever added:
--   status 'calculated'  a calculation from the assessment's answers;
--   status 'refused'     the answers were flagged (inconsistent, unanswered ...): the flags are in
--                        result_json, there are no figures (weekly/annual -1);
--   status 'overridden'  a worker's override of the calculation named by base_id, with the reason,
--                        shown to the person beside the calculated figure.
-- inputs_json is the answers in the "selfdirect-ras-answers/1" format, so `selfdirect ras calc`
-- gives the same result from the same configuration version; result_json is what that command
-- prints. The figure that stands for an assessment is its latest row that is not refused.
-- Amounts are pence.
CREATE TABLE ras_calculations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    person_id INTEGER NOT NULL,
    assessment_id INTEGER NOT NULL,
    ras_config_id INTEGER NOT NULL,
    config_version TEXT NOT NULL CHECK (length(config_version) BETWEEN 1 AND 32),
    status TEXT NOT NULL CHECK (status IN ('calculated', 'refused', 'overridden')),
    base_id INTEGER,
    assessment_date TEXT NOT NULL CHECK (length(assessment_date) = 10),
    inputs_json TEXT NOT NULL CHECK (length(inputs_json) BETWEEN 2 AND 1048576),
    result_json TEXT NOT NULL CHECK (length(result_json) BETWEEN 2 AND 4194304),
    weekly INTEGER NOT NULL CHECK (weekly >= -1),
    annual INTEGER NOT NULL CHECK (annual >= -1),
    weekly_calculated INTEGER NOT NULL CHECK (weekly_calculated >= -1),
    override_reason TEXT NOT NULL DEFAULT '' CHECK (length(override_reason) <= 2000),
    asked_by TEXT NOT NULL CHECK (length(asked_by) BETWEEN 1 AND 120),
    asked_by_name TEXT NOT NULL DEFAULT '' CHECK (length(asked_by_name) <= 200),
    asked_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id) ON DELETE CASCADE,
    FOREIGN KEY (council_id, assessment_id) REFERENCES assessments (council_id, id) ON DELETE CASCADE,
    FOREIGN KEY (council_id, ras_config_id) REFERENCES ras_configs (council_id, id),
    FOREIGN KEY (council_id, base_id) REFERENCES ras_calculations (council_id, id),
    CHECK ((status = 'refused') = (weekly = -1)),
    CHECK ((status = 'overridden') = (base_id IS NOT NULL)),
    CHECK ((status = 'overridden') = (override_reason <> ''))
) STRICT;

CREATE INDEX ras_calculations_by_assessment ON ras_calculations (council_id, assessment_id, id);
CREATE INDEX ras_calculations_by_person ON ras_calculations (council_id, person_id, id);

-- 0026: financial assessments for care at home (SI 2014/2672; src/domain/charging/charging.c): what
-- the person pays each week towards their care, and why. Rows are added, never changed: the one in
-- force on a day is the latest effective_from not after it (a later row with the same date
-- replaces an earlier one). inputs_json is the complete input in the `selfdirect charging` format
-- (with the council's settings as "policy"), so the result can be worked again; result_json is that
-- command's output: the weekly contribution and every line of its derivation, which the person
-- sees on "what I pay and why". settings_id names the council settings used (NULL: statutory).
CREATE TABLE financial_assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    person_id INTEGER NOT NULL,
    effective_from TEXT NOT NULL CHECK (length(effective_from) = 10),
    tax_year INTEGER NOT NULL CHECK (tax_year BETWEEN 2000 AND 2100),
    settings_id INTEGER,
    inputs_json TEXT NOT NULL CHECK (length(inputs_json) BETWEEN 2 AND 1048576),
    result_json TEXT NOT NULL CHECK (length(result_json) BETWEEN 2 AND 1048576),
    weekly_contribution INTEGER NOT NULL CHECK (weekly_contribution >= 0),
    weekly_cost_of_care INTEGER NOT NULL CHECK (weekly_cost_of_care >= 0),
    full_cost INTEGER NOT NULL CHECK (full_cost IN (0, 1)),
    assessed_by TEXT NOT NULL CHECK (length(assessed_by) BETWEEN 1 AND 120),
    assessed_by_name TEXT NOT NULL DEFAULT '' CHECK (length(assessed_by_name) <= 200),
    created_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id) ON DELETE CASCADE,
    FOREIGN KEY (council_id, settings_id) REFERENCES charging_settings (council_id, id),
    CHECK (weekly_contribution <= weekly_cost_of_care)
) STRICT;

CREATE INDEX financial_assessments_by_person
    ON financial_assessments (council_id, person_id, effective_from, id);

-- 0044: the budget comes first, then the plan (brief §7.1; TLAP "Making it real": people should
-- have their budget before any detailed plan exists). plan_budgets is the amount a worker proposes
-- and the state of its agreement: proposed, agreed (signed off within someone's delegated limit,
-- through signoff_requests, 0045), refused, or replaced by a later figure. Once agreed, the person
-- has a planning period (the council's setting) and a target date for their plan; reminders are
-- worked out from it (src/domain/plan_budget.h). hash is the SHA-256 of the budget's content that a
-- sign-off approves. Until the assessment module stores indicative budgets, the amount is entered
-- here by the worker.
--
-- plan_settings holds each council's settings for planning and direct payment agreements. A council
-- without a row uses the defaults written here (plan_settings_get).
CREATE TABLE plan_settings (
    council_id INTEGER PRIMARY KEY REFERENCES councils (id),
    planning_period_days INTEGER NOT NULL DEFAULT 42 CHECK (planning_period_days BETWEEN 7 AND 365),
    reminder_days TEXT NOT NULL DEFAULT '14,7,1' CHECK (length(reminder_days) BETWEEN 1 AND 40),
    dp_team_contact TEXT NOT NULL DEFAULT '' CHECK (length(dp_team_contact) <= 200),
    out_of_hours_phone TEXT NOT NULL DEFAULT '' CHECK (length(out_of_hours_phone) <= 60),
    support_service TEXT NOT NULL DEFAULT '' CHECK (length(support_service) <= 200),
    payment_interval_weeks INTEGER NOT NULL DEFAULT 4 CHECK (payment_interval_weeks IN (1, 2, 4)),
    net_payments INTEGER NOT NULL DEFAULT 1 CHECK (net_payments IN (0, 1)),
    first_review_months INTEGER NOT NULL DEFAULT 6 CHECK (first_review_months BETWEEN 1 AND 6),
    review_interval_months INTEGER NOT NULL DEFAULT 12 CHECK (review_interval_months BETWEEN 1 AND 12),
    surplus_weeks INTEGER NOT NULL DEFAULT 8 CHECK (surplus_weeks BETWEEN 1 AND 52),
    contingency INTEGER NOT NULL DEFAULT 0 CHECK (contingency >= 0),
    records_years INTEGER NOT NULL DEFAULT 6 CHECK (records_years BETWEEN 1 AND 10),
    response_days INTEGER NOT NULL DEFAULT 28 CHECK (response_days BETWEEN 1 AND 90),
    pa_insurance_annual INTEGER NOT NULL DEFAULT 6000 CHECK (pa_insurance_annual >= 0),
    employment_allowance_claimed INTEGER NOT NULL DEFAULT 0 CHECK (employment_allowance_claimed IN (0, 1)),
    suppress_below INTEGER NOT NULL DEFAULT 5 CHECK (suppress_below BETWEEN 0 AND 20),
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 40),
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
) STRICT;

CREATE TABLE plan_budgets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    person_id INTEGER NOT NULL,
    annual INTEGER NOT NULL CHECK (annual > 0),
    one_off_allowance INTEGER NOT NULL DEFAULT 0 CHECK (one_off_allowance >= 0),
    reasons TEXT NOT NULL DEFAULT '' CHECK (length(reasons) <= 4000),
    status TEXT NOT NULL CHECK (status IN ('proposed', 'agreed', 'refused', 'replaced')),
    hash TEXT NOT NULL CHECK (length(hash) = 64),
    proposed_by INTEGER NOT NULL,
    proposed_on TEXT NOT NULL CHECK (length(proposed_on) = 10),
    agreed_on TEXT CHECK (agreed_on IS NULL OR length(agreed_on) = 10),
    agreed_by INTEGER,
    plan_due_on TEXT CHECK (plan_due_on IS NULL OR length(plan_due_on) = 10),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id) ON DELETE CASCADE,
    FOREIGN KEY (council_id, proposed_by) REFERENCES staff (council_id, id),
    FOREIGN KEY (council_id, agreed_by) REFERENCES staff (council_id, id),
    CHECK (status <> 'agreed' OR (agreed_on IS NOT NULL AND plan_due_on IS NOT NULL))
) STRICT;

CREATE INDEX plan_budgets_by_person ON plan_budgets (council_id, person_id, id);
CREATE INDEX plan_budgets_by_agreed ON plan_budgets (council_id, agreed_on);

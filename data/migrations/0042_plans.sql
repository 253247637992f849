-- 0042: support plans the person writes (src/domain/plan.h; brief §2.7, §7.1). One row of plans per
-- version of a person's plan: version 1 is the first plan, and a signed-off version is locked, so a
-- change makes the next version while the signed-off one stays as history. Within a version,
-- `revision` counts saves: a save names the revision it started from and is refused when someone
-- else saved in between (nobody's edit silently overwrites another's). The content is the header
-- row with its sections, and the outcomes, lines and helpers below it, in order (ord); every
-- save also keeps a snapshot of the whole plan (plan_revisions, JSON as src/io/plan_json.h writes
-- it) so a stale save can be shown exactly what changed, and the history of who changed what stays.
-- submitted_hash / signed_off_hash are SHA-256 content hashes (plan_hash): sign-off is bound to
-- exactly the content approved.
CREATE TABLE plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    person_id INTEGER NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'signed_off', 'superseded')),
    start_date TEXT NOT NULL CHECK (length(start_date) = 10),
    review_date TEXT CHECK (review_date IS NULL OR (length(review_date) = 10 AND
                                                    review_date >= start_date)),
    planned_by TEXT NOT NULL CHECK (planned_by IN ('self', 'family', 'ulo', 'other_org', 'worker')),
    about_me TEXT NOT NULL DEFAULT '' CHECK (length(about_me) <= 8000),
    what_matters TEXT NOT NULL DEFAULT '' CHECK (length(what_matters) <= 8000),
    outcomes_text TEXT NOT NULL DEFAULT '' CHECK (length(outcomes_text) <= 8000),
    budget_use TEXT NOT NULL DEFAULT '' CHECK (length(budget_use) <= 8000),
    who_helps TEXT NOT NULL DEFAULT '' CHECK (length(who_helps) <= 8000),
    managing_money TEXT NOT NULL DEFAULT '' CHECK (length(managing_money) <= 8000),
    contingency TEXT NOT NULL DEFAULT '' CHECK (length(contingency) <= 8000),
    risks TEXT NOT NULL DEFAULT '' CHECK (length(risks) <= 8000),
    previous_hash TEXT NOT NULL DEFAULT '' CHECK (length(previous_hash) IN (0, 64)),
    submitted_hash TEXT NOT NULL DEFAULT '' CHECK (length(submitted_hash) IN (0, 64)),
    signed_off_hash TEXT NOT NULL DEFAULT '' CHECK (length(signed_off_hash) IN (0, 64)),
    signed_off_on TEXT CHECK (signed_off_on IS NULL OR length(signed_off_on) = 10),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL CHECK (length(created_by) BETWEEN 1 AND 40),
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 40),
    updated_by_name TEXT NOT NULL DEFAULT '' CHECK (length(updated_by_name) <= 200),
    UNIQUE (council_id, id),
    UNIQUE (council_id, person_id, version),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id) ON DELETE CASCADE,
    -- signed off (or signed off, then replaced) exactly when the approved hash is recorded
    CHECK ((status IN ('signed_off', 'superseded')) = (length(signed_off_hash) = 64)),
    CHECK ((status IN ('signed_off', 'superseded')) = (signed_off_on IS NOT NULL)),
    CHECK (status = 'draft' OR length(submitted_hash) = 64)
) STRICT;

CREATE INDEX plans_by_person ON plans (council_id, person_id, version);
CREATE INDEX plans_by_status ON plans (council_id, status);

CREATE TABLE plan_outcomes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    plan_id INTEGER NOT NULL,
    ord INTEGER NOT NULL CHECK (ord >= 0),
    outcome_key TEXT NOT NULL CHECK (length(outcome_key) BETWEEN 1 AND 40),
    outcome_text TEXT NOT NULL CHECK (length(outcome_text) BETWEEN 1 AND 1000),
    UNIQUE (council_id, plan_id, ord),
    UNIQUE (council_id, plan_id, outcome_key),
    FOREIGN KEY (council_id, plan_id) REFERENCES plans (council_id, id) ON DELETE CASCADE
) STRICT;

-- quantity: minutes for PA and agency hours, otherwise a count of units; unit_cost: pence an hour
-- for hours lines, pence a unit otherwise. outcomes: the keys of the outcomes the line serves, one
-- a line. pa_born is NULL when the PA's date of birth is not known (costed as eligible for pension).
CREATE TABLE plan_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    plan_id INTEGER NOT NULL,
    ord INTEGER NOT NULL CHECK (ord >= 0),
    line_key TEXT NOT NULL CHECK (length(line_key) BETWEEN 1 AND 40),
    kind TEXT NOT NULL CHECK (kind IN ('pa_hours', 'agency_hours', 'day_opportunity', 'activity',
                                       'equipment', 'transport', 'respite', 'community_free',
                                       'other')),
    description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
    frequency TEXT NOT NULL CHECK (frequency IN ('weekly', 'four_weekly', 'monthly', 'yearly',
                                                 'one_off')),
    quantity INTEGER NOT NULL CHECK (quantity >= 0),
    unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),
    outcomes TEXT NOT NULL DEFAULT '' CHECK (length(outcomes) <= 2000),
    managed_by TEXT NOT NULL CHECK (managed_by IN ('direct_payment', 'council_managed', 'isf')),
    provider TEXT NOT NULL DEFAULT '' CHECK (length(provider) <= 200),
    day_centre INTEGER NOT NULL DEFAULT 0 CHECK (day_centre IN (0, 1)),
    pa_name TEXT NOT NULL DEFAULT '' CHECK (length(pa_name) <= 120),
    pa_born TEXT CHECK (pa_born IS NULL OR length(pa_born) = 10),
    pa_pension TEXT NOT NULL DEFAULT 'assess' CHECK (pa_pension IN ('assess', 'enrolled',
                                                                    'not_enrolled')),
    UNIQUE (council_id, plan_id, ord),
    UNIQUE (council_id, plan_id, line_key),
    FOREIGN KEY (council_id, plan_id) REFERENCES plans (council_id, id) ON DELETE CASCADE,
    CHECK (kind <> 'community_free' OR unit_cost = 0),
    CHECK (kind <> 'pa_hours' OR frequency <> 'one_off')
) STRICT;

CREATE TABLE plan_helpers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    plan_id INTEGER NOT NULL,
    ord INTEGER NOT NULL CHECK (ord >= 0),
    kind TEXT NOT NULL CHECK (kind IN ('self', 'family', 'ulo', 'other_org', 'worker')),
    name TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    UNIQUE (council_id, plan_id, ord),
    FOREIGN KEY (council_id, plan_id) REFERENCES plans (council_id, id) ON DELETE CASCADE
) STRICT;

-- Every save of a version: who (actor "staff:12" / "account:5" and their name), when, which step
-- of the planner, and the whole plan as it was after the save. Written once, never changed.
CREATE TABLE plan_revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    plan_id INTEGER NOT NULL,
    revision INTEGER NOT NULL CHECK (revision >= 0),
    step TEXT NOT NULL CHECK (length(step) BETWEEN 1 AND 40),
    saved_by TEXT NOT NULL CHECK (length(saved_by) BETWEEN 1 AND 40),
    saved_by_name TEXT NOT NULL DEFAULT '' CHECK (length(saved_by_name) <= 200),
    saved_at TEXT NOT NULL,
    content TEXT NOT NULL CHECK (length(content) BETWEEN 2 AND 1000000),
    UNIQUE (council_id, plan_id, revision),
    FOREIGN KEY (council_id, plan_id) REFERENCES plans (council_id, id) ON DELETE CASCADE
) STRICT;

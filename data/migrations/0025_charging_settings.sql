-- 0025: a council's charging choices (struct charging_settings, src/domain/charging/charging.h),
-- each in force from effective_from to effective_to (inclusive; NULL = no end). The financial
-- assessment uses the row in force on its effective date (the latest effective_from not after
-- it; of two with the same date, the later row). Rows are added, never changed, so what was in
-- force on any past day can be shown.
-- Amounts are pence a week; percentages basis points (10000 = 100%); 0 for capital limits means
-- the statutory limit.
CREATE TABLE charging_settings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    effective_from TEXT NOT NULL CHECK (length(effective_from) = 10),
    effective_to TEXT CHECK (effective_to IS NULL OR length(effective_to) = 10),
    night_care_rule TEXT NOT NULL CHECK (night_care_rule IN ('none',
        'higher_minus_lower_if_no_night_care', 'whole_enhanced')),
    mig_uplift_kind TEXT NOT NULL CHECK (mig_uplift_kind IN ('none', 'percent', 'weekly')),
    mig_uplift INTEGER NOT NULL DEFAULT 0 CHECK (mig_uplift >= 0),
    minimum_charge INTEGER NOT NULL DEFAULT 0 CHECK (minimum_charge >= 0),
    share_of_disposable_bp INTEGER NOT NULL DEFAULT 10000
        CHECK (share_of_disposable_bp BETWEEN 0 AND 10000),
    capital_lower INTEGER NOT NULL DEFAULT 0 CHECK (capital_lower >= 0),
    capital_upper INTEGER NOT NULL DEFAULT 0 CHECK (capital_upper >= 0),
    dre_standard_allowance INTEGER NOT NULL DEFAULT 0 CHECK (dre_standard_allowance >= 0),
    monthly_nearest_penny INTEGER NOT NULL DEFAULT 0 CHECK (monthly_nearest_penny IN (0, 1)),
    created_by TEXT NOT NULL CHECK (length(created_by) BETWEEN 1 AND 120),
    created_by_name TEXT NOT NULL DEFAULT '' CHECK (length(created_by_name) <= 200),
    created_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    CHECK (effective_to IS NULL OR effective_to >= effective_from),
    CHECK (mig_uplift_kind <> 'none' OR mig_uplift = 0)
) STRICT;

CREATE INDEX charging_settings_in_force ON charging_settings (council_id, effective_from, id);

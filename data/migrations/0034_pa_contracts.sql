-- 0034: contracts of employment between an employer and a PA, and the PA's sickness.
-- hourly_rate is pence; hours in minutes a week; frequency one of the four PA pay frequencies;
-- holiday either 5.6 weeks (paid when taken) or 12.07% accrual for irregular hours (optionally
-- paid as rolled-up holiday pay); qualifying_days the SSP working days (bit 0 Monday .. bit 6
-- Sunday). Pension: scheme name ('' none yet), status (assess each period automatically, or the
-- worker opted out / opted in), contribution rates in basis points and the tax relief basis.
-- Tax: code and week1/month1 basis from the starter checklist or HMRC's notice, NI category, and
-- any previous employment's pay and tax this tax year (P45). payroll_id is the FPS PayId, unique
-- for the employer.
CREATE TABLE pa_contracts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    employer_id INTEGER NOT NULL,
    pa_id INTEGER NOT NULL,
    payroll_id TEXT NOT NULL CHECK (length(payroll_id) BETWEEN 1 AND 35),
    job_title TEXT NOT NULL DEFAULT 'Personal assistant' CHECK (length(job_title) <= 120),
    starts_on TEXT NOT NULL CHECK (length(starts_on) = 10),
    ends_on TEXT CHECK (ends_on IS NULL OR length(ends_on) = 10),
    hours_week_minutes INTEGER NOT NULL CHECK (hours_week_minutes BETWEEN 0 AND 5760),
    days_week_hundredths INTEGER NOT NULL DEFAULT 500 CHECK (days_week_hundredths BETWEEN 0 AND 700),
    hourly_rate INTEGER NOT NULL CHECK (hourly_rate > 0),
    frequency TEXT NOT NULL CHECK (frequency IN ('weekly', 'fortnightly', 'four-weekly', 'monthly')),
    holiday_basis TEXT NOT NULL CHECK (holiday_basis IN ('weeks', 'accrual')),
    rolled_up_holiday INTEGER NOT NULL DEFAULT 0 CHECK (rolled_up_holiday IN (0, 1)),
    qualifying_days INTEGER NOT NULL DEFAULT 31 CHECK (qualifying_days BETWEEN 1 AND 127),
    pension_scheme TEXT NOT NULL DEFAULT '' CHECK (length(pension_scheme) <= 120),
    pension_status TEXT NOT NULL DEFAULT 'assess'
        CHECK (pension_status IN ('assess', 'opted_out', 'opted_in')),
    pension_employer_bp INTEGER NOT NULL DEFAULT 300 CHECK (pension_employer_bp BETWEEN 0 AND 10000),
    pension_employee_bp INTEGER NOT NULL DEFAULT 500 CHECK (pension_employee_bp BETWEEN 0 AND 10000),
    pension_relief TEXT NOT NULL DEFAULT 'relief_at_source'
        CHECK (pension_relief IN ('relief_at_source', 'net_pay')),
    tax_code TEXT NOT NULL CHECK (length(tax_code) BETWEEN 2 AND 20),
    week1_month1 INTEGER NOT NULL DEFAULT 0 CHECK (week1_month1 IN (0, 1)),
    ni_category TEXT NOT NULL DEFAULT 'A' CHECK (length(ni_category) = 1),
    starter_declaration TEXT NOT NULL DEFAULT '' CHECK (starter_declaration IN ('', 'A', 'B', 'C')),
    previous_pay INTEGER NOT NULL DEFAULT 0 CHECK (previous_pay >= 0),
    previous_tax INTEGER NOT NULL DEFAULT 0,
    previous_tax_year INTEGER NOT NULL DEFAULT 0,
    apprentice INTEGER NOT NULL DEFAULT 0 CHECK (apprentice IN (0, 1)),
    apprenticeship_starts_on TEXT CHECK (apprenticeship_starts_on IS NULL
                                         OR length(apprenticeship_starts_on) = 10),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    UNIQUE (council_id, employer_id, payroll_id),
    FOREIGN KEY (council_id, employer_id) REFERENCES pa_employers (council_id, id),
    FOREIGN KEY (council_id, pa_id) REFERENCES pas (council_id, id),
    CHECK (ends_on IS NULL OR ends_on >= starts_on),
    CHECK (apprentice = 0 OR apprenticeship_starts_on IS NOT NULL)
) STRICT;

CREATE INDEX pa_contracts_by_employer ON pa_contracts (council_id, employer_id);
CREATE INDEX pa_contracts_by_pa ON pa_contracts (council_id, pa_id);
CREATE INDEX pa_contracts_by_frequency ON pa_contracts (council_id, frequency, employer_id);

-- Days a PA was off sick (first to last, inclusive), for Statutory Sick Pay. awe overrides the
-- average weekly earnings (pence) when known; otherwise the contract's normal weekly pay is used.
CREATE TABLE pa_sickness (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    contract_id INTEGER NOT NULL,
    first_day TEXT NOT NULL CHECK (length(first_day) = 10),
    last_day TEXT NOT NULL CHECK (length(last_day) = 10),
    awe INTEGER CHECK (awe IS NULL OR awe >= 0),
    created_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, contract_id) REFERENCES pa_contracts (council_id, id) ON DELETE CASCADE,
    CHECK (last_day >= first_day)
) STRICT;

CREATE INDEX pa_sickness_by_contract ON pa_sickness (council_id, contract_id, first_day);

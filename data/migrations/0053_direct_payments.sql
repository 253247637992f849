-- 0053: direct payments in the product (issue 7; src/store/dp_store.h, docs/payments.md). A direct
-- payment exists only once the person's plan is signed off and they (or their representative) have
-- accepted the direct payment agreement made from it: plan_id and agreement_id name both, and
-- dp_create checks them before writing the row (one direct payment per agreement).
--
-- dp_settings holds each council's payment and monitoring settings; a council without a row uses
-- the defaults written here (four-weekly, net, periods starting Monday 7 April 2025). The BACS
-- originator (service user number and the council's own account) is needed before a batch's BACS
-- file can be written.
--
-- The schedule is worked out by the pure rules (src/domain/dp_schedule.h) from the rates (each in
-- force from its date), suspensions, one-off payments and what has been put into payment batches
-- already (dp_payments and their lines, one payment per batch line: payment_batch_lines.
-- schedule_ref is dp_payments.id). A payment in a cancelled batch no longer counts as paid.
CREATE TABLE dp_settings (
    council_id INTEGER PRIMARY KEY REFERENCES councils (id),
    frequency TEXT NOT NULL DEFAULT 'four-weekly' CHECK (frequency IN ('four-weekly', 'weekly',
                                                                        'monthly')),
    basis TEXT NOT NULL DEFAULT 'net' CHECK (basis IN ('net', 'gross')),
    cycle_anchor TEXT NOT NULL DEFAULT '2025-04-07' CHECK (length(cycle_anchor) = 10),
    month_day INTEGER NOT NULL DEFAULT 1 CHECK (month_day BETWEEN 1 AND 28),
    bacs_sun TEXT NOT NULL DEFAULT '' CHECK (length(bacs_sun) IN (0, 6)),
    bacs_sort_code TEXT NOT NULL DEFAULT '' CHECK (length(bacs_sort_code) IN (0, 6)),
    bacs_account TEXT NOT NULL DEFAULT '' CHECK (length(bacs_account) IN (0, 8)),
    bacs_name TEXT NOT NULL DEFAULT '' CHECK (length(bacs_name) <= 18),
    surplus_on INTEGER NOT NULL DEFAULT 1 CHECK (surplus_on IN (0, 1)),
    surplus_weeks INTEGER NOT NULL DEFAULT 8 CHECK (surplus_weeks BETWEEN 1 AND 52),
    cash_on INTEGER NOT NULL DEFAULT 1 CHECK (cash_on IN (0, 1)),
    cash_allowed INTEGER NOT NULL DEFAULT 1 CHECK (cash_allowed IN (0, 1)),
    cash_daily_limit INTEGER NOT NULL DEFAULT 25000 CHECK (cash_daily_limit >= 0),
    unknown_payee_on INTEGER NOT NULL DEFAULT 1 CHECK (unknown_payee_on IN (0, 1)),
    unknown_payee_min INTEGER NOT NULL DEFAULT 0 CHECK (unknown_payee_min >= 0),
    family_on INTEGER NOT NULL DEFAULT 1 CHECK (family_on IN (0, 1)),
    hmrc_on INTEGER NOT NULL DEFAULT 1 CHECK (hmrc_on IN (0, 1)),
    no_spend_on INTEGER NOT NULL DEFAULT 1 CHECK (no_spend_on IN (0, 1)),
    no_spend_weeks INTEGER NOT NULL DEFAULT 8 CHECK (no_spend_weeks BETWEEN 1 AND 52),
    monitor_weeks INTEGER NOT NULL DEFAULT 13 CHECK (monitor_weeks BETWEEN 1 AND 104),
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 40),
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
) STRICT;

CREATE TABLE direct_payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    person_id INTEGER NOT NULL,
    plan_id INTEGER NOT NULL,
    agreement_id INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
    start_date TEXT NOT NULL CHECK (length(start_date) = 10),
    end_date TEXT CHECK (end_date IS NULL OR (length(end_date) = 10 AND end_date >= start_date)),
    account_kind TEXT NOT NULL CHECK (account_kind IN ('bank', 'prepaid_card', 'managed')),
    provider TEXT NOT NULL DEFAULT '' CHECK (length(provider) <= 200),
    payee_name TEXT NOT NULL CHECK (length(payee_name) BETWEEN 1 AND 18),
    sort_code TEXT NOT NULL CHECK (length(sort_code) = 6),
    account_number TEXT NOT NULL CHECK (length(account_number) = 8),
    bacs_reference TEXT NOT NULL CHECK (length(bacs_reference) BETWEEN 1 AND 18),
    contingency INTEGER NOT NULL DEFAULT 0 CHECK (contingency >= 0),
    csv_layout TEXT NOT NULL DEFAULT 'generic' CHECK (length(csv_layout) BETWEEN 1 AND 40),
    employs_pas INTEGER NOT NULL DEFAULT 0 CHECK (employs_pas IN (0, 1)),
    employing_since TEXT CHECK (employing_since IS NULL OR length(employing_since) = 10),
    created_by TEXT NOT NULL CHECK (length(created_by) BETWEEN 1 AND 40),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    UNIQUE (council_id, agreement_id),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id),
    FOREIGN KEY (council_id, plan_id) REFERENCES plans (council_id, id),
    FOREIGN KEY (council_id, agreement_id) REFERENCES dp_agreements (council_id, id),
    CHECK ((status = 'ended') = (end_date IS NOT NULL))
) STRICT;

CREATE INDEX direct_payments_by_person ON direct_payments (council_id, person_id, id);

-- The weekly amount and the assessed weekly contribution in force from each date; a change is a
-- new row from its date (never an edit), so the schedule can show what was due and why.
CREATE TABLE dp_rates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    dp_id INTEGER NOT NULL,
    from_date TEXT NOT NULL CHECK (length(from_date) = 10),
    weekly_amount INTEGER NOT NULL CHECK (weekly_amount >= 0),
    weekly_contribution INTEGER NOT NULL DEFAULT 0 CHECK (weekly_contribution >= 0),
    reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    created_by TEXT NOT NULL CHECK (length(created_by) BETWEEN 1 AND 40),
    created_at TEXT NOT NULL,
    UNIQUE (council_id, dp_id, from_date),
    FOREIGN KEY (council_id, dp_id) REFERENCES direct_payments (council_id, id)
) STRICT;

CREATE TABLE dp_suspensions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    dp_id INTEGER NOT NULL,
    from_date TEXT NOT NULL CHECK (length(from_date) = 10),
    to_date TEXT CHECK (to_date IS NULL OR (length(to_date) = 10 AND to_date >= from_date)),
    reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    created_by TEXT NOT NULL CHECK (length(created_by) BETWEEN 1 AND 40),
    created_at TEXT NOT NULL,
    FOREIGN KEY (council_id, dp_id) REFERENCES direct_payments (council_id, id)
) STRICT;

CREATE INDEX dp_suspensions_by_dp ON dp_suspensions (council_id, dp_id, from_date);

CREATE TABLE dp_oneoffs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    dp_id INTEGER NOT NULL,
    due TEXT NOT NULL CHECK (length(due) = 10),
    amount INTEGER NOT NULL CHECK (amount > 0),
    what TEXT NOT NULL CHECK (length(what) BETWEEN 1 AND 200),
    created_by TEXT NOT NULL CHECK (length(created_by) BETWEEN 1 AND 40),
    created_at TEXT NOT NULL,
    FOREIGN KEY (council_id, dp_id) REFERENCES direct_payments (council_id, id)
) STRICT;

CREATE INDEX dp_oneoffs_by_dp ON dp_oneoffs (council_id, dp_id, due);

-- What was put into a payment batch for one direct payment (one batch line): every scheduled payment
-- due by the batch's pay date, combined, with the schedule lines it pays (carried amounts net out).
CREATE TABLE dp_payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    dp_id INTEGER NOT NULL,
    batch_id INTEGER NOT NULL,
    due TEXT NOT NULL CHECK (length(due) = 10),
    amount INTEGER NOT NULL CHECK (amount > 0),
    contribution INTEGER NOT NULL DEFAULT 0 CHECK (contribution >= 0),
    created_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    UNIQUE (council_id, batch_id, dp_id),
    FOREIGN KEY (council_id, dp_id) REFERENCES direct_payments (council_id, id),
    FOREIGN KEY (council_id, batch_id) REFERENCES payment_batches (council_id, id)
) STRICT;

CREATE INDEX dp_payments_by_dp ON dp_payments (council_id, dp_id, due);

CREATE TABLE dp_payment_lines (
    payment_id INTEGER NOT NULL REFERENCES dp_payments (id),
    line_no INTEGER NOT NULL CHECK (line_no >= 1),
    kind TEXT NOT NULL CHECK (kind IN ('period', 'adjustment', 'one-off', 'carried')),
    period_from TEXT NOT NULL CHECK (length(period_from) = 10),
    period_to TEXT NOT NULL CHECK (length(period_to) = 10),
    amount INTEGER NOT NULL,
    contribution INTEGER NOT NULL DEFAULT 0,
    oneoff_ref INTEGER NOT NULL DEFAULT 0,
    explanation TEXT NOT NULL DEFAULT '' CHECK (length(explanation) <= 1000),
    PRIMARY KEY (payment_id, line_no)
) STRICT;

-- 0036: timesheets. Submitted by the PA (submitted_by_account is the PA's login, or NULL when
-- entered for them by council staff), approved or rejected by the employer (a login of the
-- employer or their bureau, never the PA: checked by the records layer and a pure rule). An
-- approved timesheet is paid once: pay_run_id is set by the pay run that paid it, in the same
-- transaction, and never again.
CREATE TABLE pa_timesheets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    contract_id INTEGER NOT NULL,
    period_start TEXT NOT NULL CHECK (length(period_start) = 10),
    period_end TEXT NOT NULL CHECK (length(period_end) = 10),
    worked_minutes INTEGER NOT NULL CHECK (worked_minutes BETWEEN 0 AND 1000000),
    holiday_minutes INTEGER NOT NULL DEFAULT 0 CHECK (holiday_minutes BETWEEN 0 AND 1000000),
    notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 1000),
    status TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'approved', 'rejected')),
    submitted_by_account INTEGER,
    submitted_at TEXT NOT NULL,
    decided_by_account INTEGER,
    decided_at TEXT,
    reject_reason TEXT NOT NULL DEFAULT '' CHECK (length(reject_reason) <= 500),
    pay_run_id INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, contract_id) REFERENCES pa_contracts (council_id, id),
    FOREIGN KEY (council_id, submitted_by_account) REFERENCES web_accounts (council_id, id),
    FOREIGN KEY (council_id, decided_by_account) REFERENCES web_accounts (council_id, id),
    FOREIGN KEY (council_id, pay_run_id) REFERENCES pa_pay_runs (council_id, id),
    CHECK (period_end >= period_start),
    CHECK ((status = 'submitted') = (decided_at IS NULL)),
    CHECK (pay_run_id IS NULL OR status = 'approved')
) STRICT;

CREATE INDEX pa_timesheets_by_contract ON pa_timesheets (council_id, contract_id, period_end);
CREATE INDEX pa_timesheets_unpaid ON pa_timesheets (council_id, status, pay_run_id, period_end);
